// The light page's one line of script, on its own so the Content-Security-
// Policy (lib/http/security-headers.ts) can allow exactly this text by its hash.
export const SW_REGISTER_SCRIPT = `if("serviceWorker"in navigator)navigator.serviceWorker.register("/sw.js")`;

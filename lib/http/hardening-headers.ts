// Hardening headers sent with every answer (next.config.ts headers()). No
// imports: next.config.ts loads this file before the app's path aliases exist.
// Pages get their Content-Security-Policy with a nonce from proxy.ts
// (lib/http/security-headers.ts).

/** API answers are data, never documents: nothing may load from or frame them. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Sent with every answer (next.config.ts). */
export const HARDENING_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Old browsers that ignore frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  // "Use my location" on the report form is the only device feature we use.
  { key: "Permissions-Policy", value: "geolocation=(self), camera=(), microphone=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Two years, subdomains included: only ever sent over https. */
export const HSTS = "max-age=63072000; includeSubDomains";


/** The admin's pages (next.config.ts): not for search engines, not for any cache. */
export const ADMIN_HEADERS: { key: string; value: string }[] = [
  { key: "X-Robots-Tag", value: "noindex, nofollow" },
  { key: "Cache-Control", value: "no-store" },
];

/**
 * The site's address as the client asked for it, for absolute links (the
 * Atom feed's ids must be absolute). request.url carries the address the
 * server is bound to (http://0.0.0.0:3000), so the Host header is used when
 * it looks like a host name — never anything else it might carry.
 */
export function siteOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("host");
  return `${url.protocol}//${host && HOST.test(host) ? host : url.host}`;
}

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * The same for a page, which sees only the request's headers (next/headers):
 * https when the proxy in front said so (the server entry removes that
 * header unless TRUST_PROXY), else http.
 */
export function headersOrigin(headers: Headers): string {
  const host = headers.get("host");
  const scheme = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${scheme}://${host && HOST.test(host) ? host : "localhost"}`;
}

/** The site's own public address for links made outside a request (mails, webhooks): PUBLIC_URL, else this server. */
export const publicOrigin = (e: { PUBLIC_URL?: string; PORT: number }) => e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;

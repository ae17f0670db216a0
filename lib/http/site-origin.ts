/**
 * The site's address as the client asked for it, for absolute links (the
 * Atom feed's ids must be absolute). request.url carries the address the
 * server is bound to (http://0.0.0.0:3000), so the Host header is used when
 * it looks like a host name — never anything else it might carry.
 */
export function siteOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("host");
  return `${url.protocol}//${host && /^[a-z0-9.-]+(:\d{1,5})?$/i.test(host) ? host : url.host}`;
}

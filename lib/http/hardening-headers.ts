// Hardening headers sent with every answer (next.config.ts headers()). No
// imports: next.config.ts loads this file before the app's path aliases exist.
// Pages get their Content-Security-Policy with a nonce from proxy.ts
// (lib/http/security-headers.ts); tests/unit/frame-policy.test.ts checks that
// nothing but an embed may be framed.

type Header = { key: string; value: string };

/** API answers are data, never documents: nothing may load from or frame them. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The embedded cards (app/embed): made to sit in an <iframe> on any site, so
 * any site may frame them — and, since a framed page is one a stranger
 * controls the surroundings of, they run no script at all and load nothing
 * but their own inline style. The only framable answers of the app.
 */
export const EMBED_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *";

/** The status badges (app/badge): an image, but a browser opening one directly must find nothing to run. */
export const BADGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** Every path but the embeds': /embed/… is the one place others may frame (path-to-regexp, as next.config.ts headers() take it). */
export const UNFRAMED_PATHS = "/:path((?!embed/).*)";

/** Sent with every answer (next.config.ts). */
export const HARDENING_HEADERS: Header[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // "Use my location" on the report form is the only device feature we use.
  { key: "Permissions-Policy", value: "geolocation=(self), camera=(), microphone=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Two years, subdomains included: only ever sent over https. */
export const HSTS = "max-age=63072000; includeSubDomains";


/** The admin's pages (next.config.ts): not for search engines, not for any cache. */
export const ADMIN_HEADERS: Header[] = [
  { key: "X-Robots-Tag", value: "noindex, nofollow" },
  { key: "Cache-Control", value: "no-store" },
];

/**
 * What next.config.ts headers() answers: the hardening headers on every
 * path; X-Frame-Options (for old browsers that ignore frame-ancestors) on
 * every path but the embeds'; the deny-all policy on the API; the admin's
 * no-store. Pages get their nonce policy from proxy.ts, the embeds, badges
 * and oEmbed theirs from their route handlers.
 */
export function headerRules(): { source: string; headers: Header[] }[] {
  return [
    { source: "/:path*", headers: HARDENING_HEADERS },
    { source: UNFRAMED_PATHS, headers: [{ key: "X-Frame-Options", value: "DENY" }] },
    { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
    // The moderation pages and the ISP desk: never indexed, never kept by a
    // browser or a proxy (they show unpublished comments to a signed-in
    // moderator, a desk's tokens and webhooks to its ISP).
    ...["/admin", "/admin/:path*", "/ur/admin", "/ur/admin/:path*", "/isp-desk", "/isp-desk/:path*", "/ur/isp-desk", "/ur/isp-desk/:path*"].map((source) => ({ source, headers: ADMIN_HEADERS })),
  ];
}

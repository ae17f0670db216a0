import { createHash } from "node:crypto";
import { SW_REGISTER_SCRIPT } from "@/lib/http/sw-register";

// The Content-Security-Policy and hardening headers of every answer.
//
// Scripts: only those carrying this request's nonce (Next adds it to its own
// scripts when the request carries the policy, see proxy.ts), what they load
// ('strict-dynamic'), and the light page's one inline line by its hash.
// Styles: 'unsafe-inline' as well as 'self', because React renders style
// attributes (the map's legend swatches, the table shading, recharts) and the
// light page inlines its stylesheet; a style cannot run code, scripts stay
// strict. Frames: none, and nobody may frame us (clickjacking).

const SW_HASH = `'sha256-${createHash("sha256").update(SW_REGISTER_SCRIPT).digest("base64")}'`;

export type PolicyOptions = {
  nonce: string;
  /** Served over https (directly or by a trusted proxy): ask browsers to stay there. */
  https: boolean;
  /** The origin of MAP_TILE_URL when it is on another host. */
  tileOrigin?: string;
  /** next dev evaluates code for hot reload. */
  dev?: boolean;
};

export function contentSecurityPolicy(o: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic' ${SW_HASH}${o.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${o.tileOrigin ? ` ${o.tileOrigin}` : ""}`,
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    ...(o.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** The tile server's source for img-src when MAP_TILE_URL is on another host ({s} becomes *). */
export function tileOrigin(template: string | undefined): string | undefined {
  const m = template ? /^(https?:\/\/)([^/]+)/.exec(template) : null;
  if (!m) return undefined;
  const host = m[2]!.replace(/^\{s\}\./, "*.");
  return /[{}]/.test(host) ? undefined : `${m[1]}${host}`;
}

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

import type { NextRequest } from "next/server";
import createMiddleware from "next-intl/middleware";
import { routing } from "@/i18n/routing";
import { env } from "@/lib/env";
import { HSTS } from "@/lib/http/hardening-headers";
import { contentSecurityPolicy, newNonce, tileOrigin } from "@/lib/http/security-headers";

const intl = createMiddleware(routing);

/**
 * Every page: the language routing (next-intl), and a Content-Security-Policy
 * with a fresh nonce. The policy goes on the request too: Next reads the
 * nonce from it and puts it on the scripts it renders (pages are rendered per
 * request anyway, see app/[locale]/layout.tsx).
 */
export default function proxy(request: NextRequest) {
  const config = env();
  const https = request.nextUrl.protocol === "https:" || (config.TRUST_PROXY && request.headers.get("x-forwarded-proto") === "https");
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    https,
    tileOrigin: tileOrigin(config.MAP_TILE_URL),
    dev: process.env.NODE_ENV === "development",
  });
  request.headers.set("content-security-policy", policy);
  const response = intl(request);
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Pages only: not the API, Next's assets or files such as /geo/*.geojson,
  // nor the embeds and oEmbed (app/embed, app/oembed: outside the language
  // routing, `?lang=` picks the language; each sets its own policy).
  matcher: "/((?!api|_next|_vercel|embed/|oembed|.*\\..*).*)",
};

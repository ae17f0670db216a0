import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { API_POLICY, HARDENING_HEADERS } from "./lib/http/hardening-headers";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  // The database drivers are opened by the server entry (server/main.ts), never
  // bundled: PGlite ships WASM and a data folder that only one process may own.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "proper-lockfile"],
  poweredByHeader: false,
  // The hardening headers on every answer; pages get their Content-Security-
  // Policy (with a nonce) from proxy.ts, API answers a deny-all one here.
  async headers() {
    return [
      { source: "/:path*", headers: HARDENING_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
    ];
  },
  experimental: {
    serverActions: { bodySizeLimit: "64kb" },
  },
};

export default withNextIntl(nextConfig);

import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { headerRules } from "./lib/http/hardening-headers";

// Messages are compiled at build time (ICU → a small array form), so the
// browser gets next-intl's few-hundred-byte formatter instead of the ICU
// parser: about 10 kB less compressed JavaScript on every page, /report
// included (issue #7's weight budget).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

const nextConfig: NextConfig = {
  // The database drivers are opened by the server entry (server/main.ts), never
  // bundled: PGlite ships WASM and a data folder that only one process may own.
  // prom-client too: the server entry and the bundle must count into one
  // registry (lib/ops/metrics.ts), and a bundled copy would hold its own.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "proper-lockfile", "prom-client", "pino"],
  poweredByHeader: false,
  // The type check is `npm run typecheck` (tsc over the app and its tests, the
  // first step of `npm test`); the build does not repeat it, so a first
  // `npm start` is some 20 seconds quicker.
  typescript: { ignoreBuildErrors: true },
  // The hardening headers on every answer; pages get their Content-Security-
  // Policy (with a nonce) from proxy.ts, API answers a deny-all one here.
  // Only the embeds (/embed/…) may be framed (lib/http/hardening-headers.ts).
  async headers() {
    return headerRules();
  },
  experimental: {
    serverActions: { bodySizeLimit: "64kb" },
  },
};

export default withNextIntl(nextConfig);

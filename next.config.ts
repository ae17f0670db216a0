import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

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
  serverExternalPackages: ["@electric-sql/pglite", "pg", "proper-lockfile"],
  poweredByHeader: false,
  experimental: {
    serverActions: { bodySizeLimit: "64kb" },
  },
};

export default withNextIntl(nextConfig);

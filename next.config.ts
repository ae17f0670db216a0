import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

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

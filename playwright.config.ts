import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./tests/e2e/admin-account";

// End-to-end tests run the production build (`npm start`) on a fresh PGlite
// folder. This machine cannot download Playwright's browser, so Debian's
// Chromium stands in where Playwright's own is missing.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const systemChromium = "/usr/bin/chromium";
const executablePath = process.env.CHROMIUM_PATH ?? (fs.existsSync(systemChromium) ? systemChromium : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    locale: "en-GB",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // A moderator account first, made the way an operator makes one (the
    // password piped to `npm run admin`; tests/e2e/admin-account.ts): the
    // server then holds the PGlite folder and nothing else may open it.
    command: `rm -rf .e2e-data && printf '%s\\n' "$E2E_ADMIN_PASSWORD" | npm run -s admin -- add ${ADMIN_USERNAME} && npm start`,
    // TRUST_PROXY: each test sends its own X-Forwarded-For (tests/e2e/fixtures.ts),
    // so every test is a different reporter to the duplicate and rate-limit rules.
    env: { DATA_DIR: ".e2e-data", PORT: String(PORT), NEXT_TELEMETRY_DISABLED: "1", TRUST_PROXY: "1", E2E_ADMIN_PASSWORD: ADMIN_PASSWORD },
    url: `http://localhost:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});

import { defineConfig, devices } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_USERNAME, ISP_SLUG, ISP_USERNAME } from "./tests/e2e/admin-account";
import { E2E_WORKERS, serverDataDir, serverPort } from "./tests/e2e/servers";
import { BROWSER_ARGS, findBrowser } from "./tests/support/browser";

// End-to-end tests run the production build (`npm start`) on fresh PGlite
// folders: one server per worker (tests/e2e/servers.ts), so two workers never
// share a database. The browser: CHROMIUM_PATH, else Playwright's own, else a
// Chromium on the PATH (found or installed by scripts/ensure-browser.ts, the
// first step of `npm test`).
const executablePath = findBrowser()?.executablePath;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  // E2E_WORKERS (tests/e2e/servers.ts): one by default.
  workers: E2E_WORKERS,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    // baseURL: set per worker in tests/e2e/fixtures.ts.
    // A trace costs every action a snapshot: kept for the retry of a failed test only.
    trace: "on-first-retry",
    locale: "en-GB",
    launchOptions: {
      executablePath,
      args: BROWSER_ARGS,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  // The servers start one after another: the first builds the app (`npm
  // start` builds when the sources are newer than the build), the others
  // find it built.
  webServer: Array.from({ length: E2E_WORKERS }, (_, i) => ({
    // A moderator account first, made the way an operator makes one (the
    // password piped to `npm run admin`; tests/e2e/admin-account.ts): the
    // server then holds the PGlite folder and nothing else may open it.
    // And a member of an ISP's staff, for the desk (the same password).
    command: `rm -rf ${serverDataDir(i)} && printf '%s\\n' "$E2E_ADMIN_PASSWORD" | npm run -s admin -- add ${ADMIN_USERNAME} && printf '%s\\n' "$E2E_ADMIN_PASSWORD" | npm run -s admin -- isp add ${ISP_SLUG} ${ISP_USERNAME} && npm start`,
    // TRUST_PROXY: each test sends its own X-Forwarded-For (tests/e2e/fixtures.ts),
    // so every test is a different reporter to the duplicate and rate-limit rules.
    env: { DATA_DIR: serverDataDir(i), PORT: String(serverPort(i)), NEXT_TELEMETRY_DISABLED: "1", TRUST_PROXY: "1", E2E_ADMIN_PASSWORD: ADMIN_PASSWORD },
    url: `http://localhost:${serverPort(i)}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
  })),
});

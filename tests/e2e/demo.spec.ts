import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "./fixtures";

// `npm run demo`: the same production build on its own database, filled with
// synthetic reports. Started here (after the main server has built the app).
const PORT = Number(process.env.E2E_DEMO_PORT ?? 3199);
let app: ChildProcess | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-demo-"));

// From its first second, the demo server is probed the way a monitor or an
// impatient reader does: a shared read (`/api/v1/meta`) every second, each
// given up after 5 s, beside /api/health. A reader who gave up while a
// shared read rendered (here, behind the first detection run) once froze the
// whole server for good; now both must answer within the start-up time.
const STARTUP_MS = 110_000;

test.beforeAll(async () => {
  test.setTimeout(STARTUP_MS + 10_000);
  app = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/main.ts", "--demo"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), DEMO_DATA_DIR: dir },
    stdio: "ignore",
  });
  const deadline = Date.now() + STARTUP_MS;
  const answered = (path: string) =>
    fetch(`http://127.0.0.1:${PORT}${path}`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false, // still seeding, or given up
    );
  let health = false;
  let meta = false;
  const probes: Promise<void>[] = [];
  while (Date.now() < deadline && !(health && meta)) {
    probes.push(answered("/api/v1/meta").then((ok) => void (meta ||= ok)));
    health ||= await answered("/api/health");
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await Promise.all(probes);
  if (!health || !meta) throw new Error(`demo server did not answer within ${STARTUP_MS / 1000} s (health ${health}, meta ${meta})`);
});

test.afterAll(async () => {
  if (app && app.exitCode === null) {
    await new Promise<void>((resolve) => {
      app!.once("exit", () => resolve());
      app!.kill("SIGTERM");
    });
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const pagePath of ["/", "/report", "/ur", "/ur/report"]) {
  test(`the demo says its data is synthetic on ${pagePath}`, async ({ page }) => {
    await page.goto(`http://localhost:${PORT}${pagePath}`);
    await expect(page.getByRole("note")).toContainText(pagePath.startsWith("/ur") ? "مصنوعی" : "synthetic");
  });
}

test("the demo's last 24 hours show the midday mobile disruption", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`http://localhost:${PORT}/`);
  const total = Number(await page.getByTestId("total-24h").getAttribute("data-count"));
  expect(total).toBeGreaterThan(500);
  await expect(page.getByTestId("breakdown-service").locator("tbody tr").first()).toHaveAttribute("data-key", /whatsapp|vpn|youtube|internet/);
  // VPNs have failed all day since "mid-November" (eight days before now) in the scenario.
  await expect(page.getByTestId("status-service").locator("li[data-key=vpn]")).toHaveAttribute("data-level", /problem|elevated/);
  await page.screenshot({ path: "test-results/screenshots/demo-home-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`http://localhost:${PORT}/ur`);
  await page.screenshot({ path: "test-results/screenshots/demo-home-ur-phone.png", fullPage: true });
});

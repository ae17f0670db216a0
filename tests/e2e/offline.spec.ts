import { test, expect, freshTotal, ReportPage } from "./fixtures";

const lahore = { place: "Lahore (Punjab)", isp: "jazz", connection: "mobile", service: "x", problem: "site_blocked" };

/** Waits until the service worker controls the page and has kept the report pages. */
async function workerReady(page: import("@playwright/test").Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => caches.has("pages-v1").then(async (has) => has && (await caches.open("pages-v1")).match("/lite").then(Boolean)))).toBe(true);
  // The place box's suggestions (fetched after hydration) are what an offline report is picked from.
  if (await page.locator("form.report-form").count()) await expect(page.locator("#place-options option").first()).toBeAttached();
}

test("a report made offline is queued on the device, sent when the connection returns, and counted once", async ({ page, context }) => {
  const before = await freshTotal(page);
  const form = new ReportPage(page);
  await form.open("en");
  await workerReady(page);

  await context.setOffline(true);
  await form.fill(lahore);
  await form.submit();
  const queued = page.getByTestId("queued");
  await expect(queued).toContainText("No connection — your report is kept on this device");
  const item = page.getByTestId("queue-list").locator("li");
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute("data-status", "queued");
  await expect(item).toContainText("Queued: waiting for a connection");

  await context.setOffline(false);
  await expect(item).toHaveAttribute("data-status", "sent");
  await expect(item).toContainText(/Sent · report number \d+/);
  await expect(queued).toContainText("Your queued report was sent");
  await page.screenshot({ path: "test-results/screenshots/_report-queue-sent-desktop.png", fullPage: true });
  await expect.poll(() => freshTotal(page)).toBe(before + 1);

  // Opening the page again sends whatever still waits: nothing, so nothing more is counted.
  await form.open("en");
  await expect(page.getByTestId("queue-list").locator("li[data-status=sent]")).toHaveCount(1);
  expect(await freshTotal(page)).toBe(before + 1);
});

test("a queued report can be cancelled before it is sent", async ({ page, context }) => {
  const before = await freshTotal(page);
  await page.setViewportSize({ width: 390, height: 844 });
  const form = new ReportPage(page);
  await form.open("ur");
  await workerReady(page);
  await context.setOffline(true);
  await form.fill({ ...lahore, place: "لاہور (پنجاب)" });
  await form.submit();
  await expect(page.getByTestId("queued")).toContainText("کنکشن نہیں");
  const waiting = page.getByTestId("queue-list").locator("li[data-status=queued]");
  await expect(waiting).toHaveCount(1);
  await page.screenshot({ path: "test-results/screenshots/_ur_report-queued-phone.png", fullPage: true });
  await waiting.getByRole("button", { name: "یہ رپورٹ منسوخ کریں" }).click();
  await expect(waiting).toHaveCount(0);
  await context.setOffline(false);
  await form.open("ur");
  expect(await freshTotal(page)).toBe(before);
});

test("offline, the report page still opens from the device, and any other page falls back to the light page", async ({ page, context }) => {
  await page.goto("/report");
  await workerReady(page);
  await context.setOffline(true);
  await page.goto("/report");
  await expect(page.locator("form.report-form")).toBeVisible();
  // The place suggestions come from the worker's copy too.
  await expect(page.locator("#place-options option[value='Lahore (Punjab)']")).toBeAttached();
  await page.goto("/service/whatsapp");
  await expect(page.locator("form[method=post]")).toBeVisible();
  await expect(page.locator("h1")).toHaveText("Report an internet problem");
  await context.setOffline(false);
});

test("the light form posted offline says nothing was sent", async ({ page, context }) => {
  await page.goto("/lite");
  await workerReady(page);
  await context.setOffline(true);
  await page.locator("#area").selectOption("lahore");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.locator("h1")).toHaveText("No connection — your report was not sent");
  await context.setOffline(false);
});

test.describe("with no service worker (so Background Sync cannot send it first)", () => {
  // The browser is online, so a registered worker's Background Sync may send
  // the report before the page can show it waiting; this test pins the page's
  // own sending on next open, the path for browsers without Background Sync.
  test.use({ serviceWorkers: "block" });

  test("a report whose request gets no answer is queued too, and sent when the page is next opened", async ({ page }) => {
    const before = await freshTotal(page);
    const form = new ReportPage(page);
    await form.open("en");
    // The browser believes it is online, but the report never reaches the server.
    await page.route("**/report", (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));
    await form.fill({ ...lahore, service: "whatsapp" });
    await form.submit();
    await expect(page.getByTestId("queued")).toContainText("kept on this device");
    await expect.poll(() => freshTotal(page)).toBe(before);

    await page.unroute("**/report");
    await form.open("en");
    await expect(page.getByTestId("queue-list").locator("li[data-status=sent]")).toContainText("WhatsApp");
    await expect.poll(() => freshTotal(page)).toBe(before + 1);
  });
});

import { test, expect, ReportPage } from "./fixtures";

// "Measure my connection" on /report. This machine has no internet (and the
// fixtures abort every request that leaves the app), so the app's own file
// downloads and every service domain fails: the page must say "not
// reachable" quickly — which is also the honest answer.

test("a reporter measures the connection and the figures go with the report", async ({ page }) => {
  const form = new ReportPage(page);
  await form.open("en");
  await form.fill({ place: "Karachi", isp: "zong", connection: "mobile", service: "whatsapp", problem: "media_fails" });
  await expect(page.getByText("A rough measurement by your browser, not a speed test")).toBeVisible();
  await page.getByRole("button", { name: "Measure my connection" }).click();

  const result = page.getByTestId("measure-result");
  const whatsapp = result.locator("li[data-domain='whatsapp.com']");
  await expect(whatsapp).toContainText("not reachable", { timeout: 15_000 });
  // Refused, not timed out: a failed connection is reported when it fails,
  // not after the 5-second limit (PROBE_TIMEOUT_MS).
  expect(Number(await whatsapp.getAttribute("data-ms"))).toBeLessThan(5_000);
  await expect(result.locator("li[data-domain='google.com']")).toContainText("not reachable");
  await expect(result.locator("li[data-domain='wikipedia.org']")).toContainText("not reachable");
  const kbps = Number(await result.locator("li[data-kbps]").getAttribute("data-kbps"));
  expect(kbps).toBeGreaterThan(0);
  await expect(result.locator("li[data-kbps]")).toContainText(/Download from this site: about [\d,]+ kbit\/s/);

  const sent = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/report"));
  await form.submit();
  const body = (await sent).postData() ?? "";
  expect(body).toContain(`"domain":"whatsapp.com","ok":false`);
  expect(body).toMatch(new RegExp(`name="[^"]*speedKbps"\\r\\n\\r\\n${kbps}\\r\\n`));
  await expect(form.confirmation()).toBeVisible();
});

test("unticked, the figures stay on the device", async ({ page }) => {
  const form = new ReportPage(page);
  await form.open("en");
  await form.fill({ place: "Lahore", isp: "jazz", connection: "mobile", service: "youtube", problem: "slow" });
  await page.getByRole("button", { name: "Measure my connection" }).click();
  await expect(page.locator("li[data-domain='youtube.com']")).toBeVisible({ timeout: 15_000 });
  await page.getByLabel("Send these figures with my report").uncheck();
  const sent = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/report"));
  await form.submit();
  const body = (await sent).postData() ?? "";
  expect(body).not.toContain("youtube.com");
  expect(body).not.toContain("speedKbps");
  await expect(form.confirmation()).toBeVisible();
});

test("in Urdu the measurement says, in Urdu, that it is rough and not a speed test", async ({ page }) => {
  const form = new ReportPage(page);
  await form.open("ur");
  await expect(page.getByText("اسپیڈ ٹیسٹ نہیں")).toBeVisible();
  await page.locator("#field-service").selectOption("telegram");
  await page.getByRole("button", { name: "میرا کنکشن ناپیں" }).click();
  await expect(page.locator("li[data-domain='telegram.org']")).toContainText("پہنچ ممکن نہیں", { timeout: 15_000 });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("there is no measure button that cannot work", async ({ page }) => {
    await new ReportPage(page).open("en");
    await expect(page.locator("form.report-form")).toBeVisible();
    await expect(page.getByRole("button", { name: "Measure my connection" })).toHaveCount(0);
  });
});

import { test, expect, freshTotal, ReportPage, totalLast24h } from "./fixtures";

const karachi = { place: "Karachi", isp: "zong", connection: "mobile", service: "whatsapp", problem: "media_fails" };

for (const javaScriptEnabled of [true, false]) {
  test.describe(`report form with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a reporter in English submits and sees the confirmation with the nearby count", async ({ page }) => {
      const form = new ReportPage(page);
      await form.open("en");
      await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
      await form.fill(karachi);
      await form.submit();
      await expect(form.confirmation()).toBeVisible();
      await expect(form.confirmation()).toContainText("Thank you");
      await expect(form.confirmation().locator(".nearby")).toContainText(/in this area in the last hour/);
    });

    test("a reporter in Urdu submits right-to-left and is thanked in Urdu", async ({ page }) => {
      const form = new ReportPage(page);
      await form.open("ur");
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      await expect(page.locator("html")).toHaveAttribute("lang", "ur");
      await form.fill({ place: "لاہور", isp: "jazz", connection: "mobile", service: "youtube", problem: "slow" });
      await form.submit();
      await expect(form.confirmation()).toBeVisible();
      await expect(form.confirmation()).toContainText("شکریہ");
    });

    test("bad input gets a message next to each field, in the page's language", async ({ page }) => {
      const form = new ReportPage(page);
      await form.open("en");
      await page.locator("#field-place").fill("Atlantis");
      await form.submit();
      await expect(page.locator("#field-place-error")).toContainText("could not find this place");
      await expect(page.locator("#field-isp-error")).toContainText("is required");
      await expect(page.locator("#field-service-error")).toContainText("is required");
      await expect(page.locator("#problem-error")).toContainText("is required");
      await expect(form.confirmation()).toHaveCount(0);

      await form.open("ur");
      await form.submit();
      await expect(page.locator("#field-place-error")).toContainText("ضروری ہے");
      await expect(page.locator("#field-isp-error")).toContainText("ضروری ہے");
    });
  });
}

test("the home chart counts a new report", async ({ page }) => {
  const before = await freshTotal(page);
  const form = new ReportPage(page);
  await form.open("en");
  await form.fill({ ...karachi, place: "Islamabad", isp: "ptcl", connection: "fixed" });
  await form.submit();
  await expect(form.confirmation()).toBeVisible();
  // Aggregates are shared between readers for up to 10 seconds (lib/cache/read-through.ts).
  await expect.poll(() => totalLast24h(page), { timeout: 20_000, intervals: [1000] }).toBe(before + 1);
  await expect(page.getByTestId("breakdown-service")).toContainText("WhatsApp");
});

test("the same form sent twice stores one report", async ({ page, request }) => {
  const before = await freshTotal(page);
  const body = { area: "lahore", isp: "telenor", connection: "mobile", service: "instagram", problem: "media_fails", clientReportId: crypto.randomUUID() };
  const first = await request.post("/api/v1/reports", { data: body });
  const second = await request.post("/api/v1/reports", { data: body });
  expect(first.status()).toBe(201);
  expect(second.status()).toBe(200);
  await expect.poll(() => totalLast24h(page), { timeout: 20_000, intervals: [1000] }).toBe(before + 1);
  // ...and stays there: the repeat was not counted late.
  await page.waitForTimeout(11_000);
  expect(await totalLast24h(page)).toBe(before + 1);
});

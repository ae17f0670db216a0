import { test, expect, freshTotal } from "./fixtures";

// The light page must work where nothing but HTML does: every test here runs
// with JavaScript off, as on a feature phone.
test.use({ javaScriptEnabled: false });

test("the light page is plain HTML: no framework script, no web font", async ({ request }) => {
  for (const path of ["/lite", "/ur/lite"]) {
    const html = await (await request.get(path)).text();
    expect(html).toContain('<form method="post"');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toContain("/_next/");
    expect(html).not.toMatch(/@font-face|fonts\.googleapis/);
  }
});

test("a reporter in English picks a district, sends, and sees the nearby count", async ({ page }) => {
  const before = await freshTotal(page);
  await page.goto("/lite");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await page.locator("#area").selectOption("karachi-south");
  await page.locator("#isp").selectOption("zong");
  await page.locator("input[name=connection][value=mobile]").check();
  await page.locator("#service").selectOption("whatsapp");
  await page.locator("input[name=problem][value=media_fails]").check();
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.locator("h1")).toHaveText("Thank you — your report is in");
  await expect(page.locator("[data-nearby]")).toContainText("in this area in the last hour");
  await expect.poll(() => freshTotal(page)).toBe(before + 1);
});

test("a reporter in Urdu types a town, sends right-to-left, and is thanked in Urdu", async ({ page }) => {
  await page.goto("/ur/lite");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ur");
  await page.locator("#place").fill("لاہور");
  await page.locator("#isp").selectOption("jazz");
  await page.locator("input[name=connection][value=mobile]").check();
  await page.locator("#service").selectOption("youtube");
  await page.locator("input[name=problem][value=slow]").check();
  await page.getByRole("button", { name: "رپورٹ بھیجیں" }).click();
  await expect(page.locator("h1")).toHaveText("شکریہ — آپ کی رپورٹ موصول ہو گئی");
  await expect(page.locator("[data-nearby]")).toContainText("پچھلے ایک گھنٹے");
});

test("bad input comes back with what was entered and an error next to each field, in the page's language", async ({ page }) => {
  await page.goto("/lite");
  await page.locator("#place").fill("Atlantis");
  await page.locator("#isp").selectOption("ptcl");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.locator("[role=alert]")).toContainText("Please check the fields marked below");
  await expect(page.locator("#place-error")).toContainText("could not find this place");
  await expect(page.locator("#service-error")).toContainText("is required");
  await expect(page.locator("#problem-error")).toContainText("is required");
  await expect(page.locator("#place")).toHaveValue("Atlantis");
  await expect(page.locator("#isp")).toHaveValue("ptcl");

  await page.goto("/ur/lite");
  await page.getByRole("button", { name: "رپورٹ بھیجیں" }).click();
  await expect(page.locator("#place-error")).toContainText("ضروری ہے");
  await expect(page.locator("#connection-error")).toContainText("ضروری ہے");
});

test("the same light form sent twice stores one report", async ({ page }) => {
  const before = await freshTotal(page);
  await page.goto("/lite");
  const clientReportId = await page.locator("input[name=clientReportId]").inputValue();
  await page.locator("#area").selectOption("lahore");
  await page.locator("#isp").selectOption("telenor");
  await page.locator("input[name=connection][value=mobile]").check();
  await page.locator("#service").selectOption("instagram");
  await page.locator("input[name=problem][value=slow]").check();
  await page.getByRole("button", { name: "Send report" }).click();
  const first = await page.locator("p", { hasText: "Report number" }).textContent();

  // What a browser does when the reporter reloads the confirmation: the same fields again.
  const again = await page.request.post("/lite", {
    form: { clientReportId, area: "lahore", place: "", isp: "telenor", connection: "mobile", service: "instagram", problem: "slow", when: "0" },
  });
  expect(again.status()).toBe(200);
  expect(await again.text()).toContain(`${first?.match(/Report number \d+/)?.[0] ?? "missing"},`);
  await expect.poll(() => freshTotal(page)).toBe(before + 1);
});

test("the full report page links to the light page in each language", async ({ page }) => {
  await page.goto("/report");
  await page.getByRole("link", { name: "Slow connection? Use the light page" }).click();
  await expect(page).toHaveURL(/\/lite$/);
  await page.goto("/ur/report");
  await page.getByRole("link", { name: "کنکشن سست ہے؟ ہلکا صفحہ استعمال کریں" }).click();
  await expect(page).toHaveURL(/\/ur\/lite$/);
});

for (const path of ["/lite", "/ur/lite"]) {
  test(`screenshot ${path} at phone width`, { tag: "@screenshot" }, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(path);
    await page.getByRole("button").click();
    await expect(page.locator("[role=alert]")).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/${path.replace(/\//g, "_")}-errors-phone.png`, fullPage: true });
    await page.goto(path);
    await page.screenshot({ path: `test-results/screenshots/${path.replace(/\//g, "_")}-phone.png`, fullPage: true });
  });
}

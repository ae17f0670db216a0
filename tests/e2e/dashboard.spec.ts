import { test, expect } from "./fixtures";

test.describe("dashboard views are permalinks", () => {
  test.beforeAll(async ({ request }) => {
    // A few reports so the views have something to show.
    for (const [isp, service] of [["zong", "whatsapp"], ["jazz", "whatsapp"], ["ptcl", "youtube"]] as const) {
      const res = await request.post("/api/v1/reports", {
        data: { area: "karachi-east", isp, connection: isp === "ptcl" ? "fixed" : "mobile", service, problem: "media_fails" },
      });
      expect(res.status()).toBe(201);
    }
  });

  test("opening a permalink applies its filters", async ({ page }) => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000).toISOString();
    const from = new Date(Date.parse(to) - 6 * 3600_000).toISOString();
    await page.goto(`/?from=${from}&to=${to}&isp=zong&connection=mobile`);
    await expect(page.locator("select[name=isp]")).toHaveValue("zong");
    await expect(page.locator("select[name=connection]")).toHaveValue("mobile");
    await expect(page.locator("select[name=window]")).toHaveValue("custom");
    const total = Number(await page.getByTestId("total-24h").getAttribute("data-count"));
    const api = await (await page.request.get(`/api/v1/breakdown?dimension=isp&from=${from}&to=${to}&isp=zong&connection=mobile`)).json();
    expect(total).toBe((api as { count: number }[]).reduce((n, r) => n + r.count, 0));
    expect(total).toBeGreaterThan(0);
  });

  test("changing a filter changes the URL, and the copy link pins the window", async ({ page }) => {
    await page.goto("/service/whatsapp");
    await expect(page.locator("h1")).toContainText("WhatsApp");
    await page.locator("select[name=connection]").selectOption("mobile");
    await expect(page).toHaveURL(/connection=mobile/);
    await page.locator("select[name=window]").selectOption("7d");
    await expect(page).toHaveURL(/window=7d/);
    const href = await page.getByTestId("permalink").getAttribute("href");
    expect(href).toMatch(/from=.*&to=.*connection=mobile/);
    expect(href).not.toMatch(/service=whatsapp/);
    await expect(page.getByTestId("breakdown-isp")).toContainText("Zong");
  });

  test("the ISP page lists its districts by hour and offers them as CSV", async ({ page }) => {
    await page.goto("/isp/zong");
    await expect(page.getByTestId("area-hours").locator("tr[data-area=karachi-east]")).toBeVisible();
    const csvHref = await page.getByTestId("area-hours-csv").getAttribute("href");
    const csv = await (await page.request.get(csvHref!)).text();
    expect(csv.split("\r\n")[0]).toMatch(/^district,district_name,total,/);
    expect(csv).toContain("karachi-east,Karachi East,");
  });

  test("the Urdu overview is right-to-left with the same figures", async ({ page }) => {
    await page.goto("/");
    const en = await page.getByTestId("total-24h").getAttribute("data-count");
    await page.goto("/ur");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    expect(await page.getByTestId("total-24h").getAttribute("data-count")).toBe(en);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filters are a plain form that puts the view in the URL", async ({ page }) => {
    await page.goto("/isp/jazz");
    await page.locator("select[name=connection]").selectOption("mobile");
    await page.locator("select[name=window]").selectOption("7d");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/\/isp\/jazz\?.*window=7d.*connection=mobile/);
    await expect(page.locator("select[name=connection]")).toHaveValue("mobile");
    await expect(page.getByTestId("timeline")).toBeVisible();
  });
});

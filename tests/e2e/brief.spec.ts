import { extractText, getDocumentProxy } from "unpdf";
import { test, expect } from "./fixtures";

// The hearing brief as a committee clerk uses it: opened from a dashboard
// view, its figures checked against the API for its own permalink, printed
// to an A4 PDF that carries the figures and the permalink.

test.describe("the hearing brief", () => {
  test.beforeAll(async ({ request }) => {
    // Four reporters, each from an address of their own (a second report
    // from one would be a duplicate by rule).
    for (const [i, [area, isp]] of ([["peshawar", "ufone"], ["peshawar", "ufone"], ["peshawar", "zong"], ["multan", "ufone"]] as const).entries()) {
      const res = await request.post("/api/v1/reports", {
        data: { area, isp, connection: "mobile", service: "tiktok", problem: "site_blocked" },
        headers: { "x-forwarded-for": `10.240.${i}.${1 + Math.floor(Math.random() * 250)}` },
      });
      expect(res.status()).toBe(201);
    }
  });

  test("pins its window and shows the API's figures for its permalink", async ({ page, request }) => {
    await page.goto("/service/tiktok");
    await page.getByTestId("brief-link").click();
    await expect(page.getByTestId("brief")).toBeVisible();
    // The window is pinned to absolute times: the address is the permalink.
    const url = new URL(page.url());
    expect(url.pathname).toBe("/brief");
    expect(url.searchParams.get("from")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
    expect(url.searchParams.getAll("service")).toEqual(["tiktok"]);
    // So are the economic-impact inputs: a reprint next year gives the same estimates.
    expect(url.searchParams.get("inputs")).toMatch(/^\d{4}-\d\d-\d\d$/);
    await expect(page.getByTestId("brief-permalink")).toHaveAttribute("href", page.url());
    expect((await request.get(`/brief?${url.searchParams.toString().replace(/inputs=[^&]*/, "inputs=1999-01-01")}`)).status()).toBe(404);

    const query = url.searchParams.toString();
    const breakdown = (await (await request.get(`/api/v1/breakdown?dimension=isp&${query}`)).json()) as { key: string; count: number }[];
    const total = breakdown.reduce((n, r) => n + r.count, 0);
    expect(total).toBeGreaterThanOrEqual(4);
    await expect(page.getByTestId("brief-total")).toHaveAttribute("data-count", String(total));
    await expect(page.locator("[data-testid=ledger] tr[data-key=counted]")).toHaveAttribute("data-count", String(total));
    // The printed fingerprint is the export's own.
    const exported = await request.get(`/api/v1/export?format=csv&${query}`);
    expect(exported.status()).toBe(200);
    await expect(page.getByTestId("brief-sha256")).toHaveText(exported.headers()["x-content-sha256"]!);
    for (const row of breakdown) {
      await expect(page.locator(`[data-testid=brief-breakdown-isp] tr[data-key="${row.key}"]`)).toHaveAttribute("data-count", String(row.count));
    }
    const map = (await (await request.get(`/api/v1/map?level=district&${query}`)).json()) as { area: string; count: number }[];
    await expect(page.getByTestId("brief-districts")).toHaveAttribute("data-count", String(map.filter((a) => a.count > 0).length));
    // The map is drawn on the server: every district, the reported ones shaded.
    expect(await page.locator("[data-testid=brief-map] path[data-area]").count()).toBeGreaterThanOrEqual(150);
    await expect(page.locator('[data-testid=brief-map] path[data-area="peshawar"]')).toHaveAttribute("data-count", String(map.find((a) => a.area === "peshawar")?.count));
  });

  test("prints to an A4 PDF with the figures and the permalink", async ({ page }) => {
    await page.goto("/brief?service=tiktok");
    await expect(page.getByTestId("brief")).toBeVisible();
    const total = await page.getByTestId("brief-total").getAttribute("data-count");
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true, path: test.info().outputPath("brief.pdf") });
    const document = await getDocumentProxy(new Uint8Array(pdf));
    expect(document.numPages).toBeGreaterThanOrEqual(2);
    expect(document.numPages).toBeLessThanOrEqual(4);
    const { text } = await extractText(document, { mergePages: true });
    expect(text).toContain("Reports counted");
    expect(text).toContain(total!);
    expect(text).toContain("Method and caveats");
    expect(text.replace(/\s+/g, "")).toContain(page.url().replace(/^https?:\/\//, "").slice(0, 40));
    // Navigation and buttons stay off paper.
    expect(text).not.toContain("Print or save as PDF");
  });

  test("reads right to left in Urdu", async ({ page }) => {
    await page.goto("/ur/brief?service=tiktok");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByTestId("brief")).toContainText("شمار شدہ رپورٹیں");
    expect(new URL(page.url()).pathname).toBe("/ur/brief");
  });
});

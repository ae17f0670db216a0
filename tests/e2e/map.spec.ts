import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

// The map on a fresh database: a few reports in two districts, then what a
// reader does — hover, click, replay — checked against the API's numbers.

/** A point inside an area's drawn polygon (the polygon's own box centre may lie outside a concave district). */
async function pointInside(page: Page, slug: string): Promise<{ x: number; y: number }> {
  const path = page.locator(`[data-testid=area-map] path[data-area="${slug}"]`);
  await expect(path).toBeVisible();
  await path.scrollIntoViewIfNeeded();
  const box = (await path.boundingBox())!;
  const point = await page.evaluate(
    ({ slug, box }) => {
      for (let i = 1; i < 12; i++) {
        for (let j = 1; j < 12; j++) {
          const x = box.x + (box.width * i) / 12;
          const y = box.y + (box.height * j) / 12;
          if ((document.elementFromPoint(x, y) as Element | null)?.getAttribute("data-area") === slug) return { x, y };
        }
      }
      return null;
    },
    { slug, box },
  );
  expect(point, `a point inside ${slug}`).not.toBeNull();
  return point!;
}

async function openMap(page: Page, path = "/map") {
  await page.goto(path);
  await expect(page.getByTestId("area-map")).toHaveAttribute("data-ready", "true");
}

test.describe("the map", () => {
  test.beforeAll(async ({ request }) => {
    for (const [area, isp, service] of [["quetta", "zong", "whatsapp"], ["quetta", "jazz", "whatsapp"], ["quetta", "zong", "youtube"], ["lahore", "ptcl", "internet"]] as const) {
      const res = await request.post("/api/v1/reports", {
        data: { area, isp, connection: isp === "ptcl" ? "fixed" : "mobile", service, problem: "no_connection", location: area === "quetta" ? { lat: 30.19, lon: 67.01 } : undefined },
      });
      expect(res.status()).toBe(201);
    }
  });

  test("draws every district from the shipped outlines, with no tile server", async ({ page }) => {
    const outside: string[] = [];
    page.on("request", (r) => {
      if (!/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(r.url())) outside.push(r.url());
    });
    await openMap(page);
    const districts = page.locator("[data-testid=area-map] path[data-area]");
    expect(await districts.count()).toBeGreaterThanOrEqual(150);
    await expect(page.getByTestId("map-legend")).toContainText("typical");
    expect(outside).toEqual([]);
    await page.getByTestId("map-level").getByRole("link", { name: "Provinces" }).click();
    await expect(page).toHaveURL(/level=province/);
    await expect(page.getByTestId("area-map")).toHaveAttribute("data-level", "province");
    await expect(page.locator("[data-testid=area-map] path[data-area=balochistan]")).toBeVisible();
  });

  test("a tooltip shows an area's name and count, the API's figure", async ({ page }) => {
    await openMap(page);
    const api = (await (await page.request.get("/api/v1/map?level=district")).json()) as { area: string; count: number; topService: { name: string } | null }[];
    const quetta = api.find((r) => r.area === "quetta")!;
    expect(quetta.count).toBeGreaterThanOrEqual(3);
    const { x, y } = await pointInside(page, "quetta");
    await page.mouse.move(x, y);
    const tooltip = page.locator(".map-tooltip");
    await expect(tooltip).toContainText("Quetta");
    await expect(tooltip.locator("[data-field=count]")).toHaveText(String(quetta.count));
    await expect(tooltip).toContainText(quetta.topService!.name);
  });

  test("a click filters the page to the area, changes the URL and links to its page", async ({ page }) => {
    await openMap(page);
    const { x, y } = await pointInside(page, "quetta");
    await page.mouse.click(x, y);
    await expect(page).toHaveURL(/[?&]area=quetta/);
    await expect(page.getByTestId("map-selected")).toHaveAttribute("data-area", "quetta");
    await expect(page.locator("select[name=area]")).toHaveValue("quetta");
    await expect(page.getByTestId("breakdown-isp").locator("tr[data-key=ptcl]")).toHaveCount(0);
    await page.getByTestId("map-area-link").click();
    await expect(page).toHaveURL(/\/area\/quetta/);
    await expect(page.locator("h1")).toContainText("Quetta");
  });

  test("replay steps through the window, by button and by keyboard", async ({ page }) => {
    await openMap(page);
    const time = page.getByTestId("replay-time");
    await expect(time).toHaveAttribute("data-step", "");
    await page.getByTestId("replay-play").click();
    await expect(time).toHaveAttribute("data-step", /^[1-9]\d*$/, { timeout: 5000 });
    await page.getByTestId("replay-play").click(); // pause
    const slider = page.getByTestId("replay-slider");
    await slider.focus();
    await page.keyboard.press("Home");
    await expect(time).toHaveAttribute("data-step", "0");
    await page.keyboard.press("ArrowRight");
    await expect(time).toHaveAttribute("data-step", "1");
    await page.keyboard.press("End");
    const last = Number(await slider.getAttribute("max"));
    await expect(time).toHaveAttribute("data-step", String(last));
    // The latest step holds the reports just sent: Quetta is shaded.
    await expect(page.locator("[data-testid=area-map] path[data-area=quetta]")).not.toHaveAttribute("data-shade", "none");
  });

  test("the heat layer draws the coarse cells the API returns", async ({ page }) => {
    await openMap(page, "/map?layer=heat");
    const cells = (await (await page.request.get("/api/v1/map?level=points")).json()) as unknown[];
    expect(cells.length).toBeGreaterThan(0);
    await expect(page.getByTestId("area-map")).toHaveAttribute("data-cells", String(cells.length));
  });

  test("the service page has a compact map whose click opens the area", async ({ page }) => {
    await page.goto("/service/whatsapp");
    const map = page.getByTestId("compact-map").getByTestId("area-map");
    await expect(map).toHaveAttribute("data-ready", "true");
    const { x, y } = await pointInside(page, "quetta");
    await page.mouse.click(x, y);
    await expect(page).toHaveURL(/\/area\/quetta\?.*service=whatsapp/);
  });
});

const widths = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
for (const [device, viewport] of Object.entries(widths)) {
  for (const path of ["/map", "/ur/map", "/map?layer=both&level=province", "/ur/area/sindh"]) {
    test(`screenshot ${path} at ${device} width`, { tag: "@screenshot" }, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.goto(path);
      await expect(page.getByTestId("area-map").first()).toHaveAttribute("data-ready", "true");
      await page.waitForTimeout(300);
      const name = `${path.replace(/[/?=&]/g, "_")}-${device}`;
      await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
    });
  }
}

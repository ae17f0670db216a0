import fs from "node:fs";
import metaPng from "meta-png";
import { test, expect } from "./fixtures";

// A chart or the map saved as an image carries where its figures come from:
// the permalink and the time it was made, drawn under the figure and in the
// PNG's metadata.

async function download(page: import("@playwright/test").Page, testId: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  // Kept with the test's output, to be looked at.
  const saved = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(saved);
  const bytes = new Uint8Array(fs.readFileSync(saved));
  return { name: file.suggestedFilename(), bytes };
}

// meta-png ships one UMD file: its functions hang off the default export under Node's ESM.
const { getMetadata } = metaPng;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Width and height from the PNG's IHDR chunk. */
const sizeOf = (bytes: Uint8Array) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

test.describe("figures as images", () => {
  test.beforeAll(async ({ request }) => {
    const res = await request.post("/api/v1/reports", { data: { area: "hyderabad", isp: "jazz", connection: "mobile", service: "youtube", problem: "slow" } });
    expect(res.status()).toBe(201);
  });

  test("the timeline downloads as a PNG with its permalink and time", async ({ page }) => {
    await page.goto("/service/youtube");
    const chart = page.locator("#figure-timeline");
    await expect(chart.locator("svg").first()).toBeVisible();
    const before = Date.now();
    const { name, bytes } = await download(page, "download-figure-timeline");
    expect(name).toBe("disruption-watch-timeline.png");
    expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const source = new URL(getMetadata(bytes, "Source")!);
    expect(source.pathname).toBe("/service/youtube");
    expect(source.searchParams.get("from")).toMatch(/Z$/);
    expect(source.searchParams.getAll("service")).toEqual(["youtube"]);
    const made = Date.parse(getMetadata(bytes, "Creation Time")!);
    expect(made).toBeGreaterThanOrEqual(before - 1000);
    // The caption band under the chart: the image is taller than the chart drawn at 2×.
    const box = (await chart.boundingBox())!;
    const size = sizeOf(bytes);
    expect(size.width).toBe(Math.round(box.width * 2));
    expect(size.height).toBeGreaterThan(Math.round(box.height * 2) + 60);
    // The permalink opens the same figure.
    await page.goto(source.toString());
    await expect(page.getByTestId("timeline")).toBeVisible();
  });

  test("the map downloads as a PNG in Urdu too", async ({ page }) => {
    await page.goto("/ur/map");
    await expect(page.getByTestId("area-map")).toHaveAttribute("data-ready", "true", { timeout: 15_000 });
    const { bytes } = await download(page, "download-figure-map");
    expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const source = new URL(getMetadata(bytes, "Source")!);
    expect(source.pathname).toBe("/ur/map");
    expect(source.searchParams.get("level")).toBeTruthy();
    expect(sizeOf(bytes).width).toBeGreaterThan(300);
  });
});

import { createHash } from "node:crypto";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { test, expect } from "./fixtures";

// The data page in the real server: its CSV link downloads the counted
// reports of the view, and the file's SHA-256 is the one the API's headers give.

test("downloads the CSV from the data page; its digest matches the API's header and its rows the page's count", async ({ page, request }) => {
  const sent = await request.post("/api/v1/reports", {
    data: { area: "karachi-south", isp: "zong", connection: "mobile", service: "whatsapp", problem: "media_fails", comment: "stuck since noon" },
  });
  expect(sent.status()).toBe(201);
  const { id } = (await sent.json()) as { id: number };

  await page.goto("/data?window=6h");
  await expect(page.locator("h1")).toHaveText("Data: exports and seals");
  await expect(page.getByTestId("column-dictionary")).toContainText("observed_at");
  const link = page.getByTestId("export-csv");
  const href = (await link.getAttribute("href"))!;
  const downloading = page.waitForEvent("download");
  await link.click();
  const download = await downloading;
  const body = fs.readFileSync((await download.path())!);

  const rows = parse(body, { columns: true }) as { id: string; comment: string }[];
  expect(rows.map((r) => Number(r.id))).toContain(id);
  expect(body.toString("utf8")).not.toContain("stuck since noon");
  const count = await page.getByTestId("export-count").textContent();
  expect(count).toContain(`${rows.length} counted report`);

  // The same window asked again: the same bytes, and the header is their SHA-256.
  const again = await request.get(href);
  expect(again.status()).toBe(200);
  const hash = createHash("sha256").update(body);
  expect(again.headers()["x-content-sha256"]).toBe(hash.copy().digest("hex"));
  expect(again.headers()["digest"]).toBe(`sha-256=${hash.digest("base64")}`);
  expect(again.headers()["content-encoding"]).toBeUndefined();
});

test("publishes the seals as JSON, oldest first", async ({ request }) => {
  const res = await request.get("/api/v1/seals");
  expect(res.status()).toBe(200);
  const seals = (await res.json()) as { hour: string; prev: string; sha256: string }[];
  for (let i = 1; i < seals.length; i++) expect(seals[i]!.prev).toBe(seals[i - 1]!.sha256);
});

const widths = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
for (const [device, viewport] of Object.entries(widths)) {
  for (const path of ["/data", "/ur/data"]) {
    test(`screenshot ${path} at ${device} width`, { tag: "@screenshot" }, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.goto(path);
      await expect(page.locator("h1")).toHaveText(path.startsWith("/ur") ? "ڈیٹا: ایکسپورٹ اور مہریں" : "Data: exports and seals");
      await page.screenshot({ path: `test-results/screenshots/${path.replace(/\//g, "_")}-${device}.png`, fullPage: true });
    });
  }
}

import { test, expect } from "./fixtures";
import { BYTE_BUDGETS, pageBytes } from "@/tests/support/weight";

// The byte budgets of the pages a reporter on a bad connection opens, on
// the production build, first load in a fresh profile (no service worker).
// Bytes are the same on every machine; the times they take on a slow
// connection are `npm run bench:weight`'s.

test.use({ serviceWorkers: "block" });

for (const path of [...new Set(BYTE_BUDGETS.map((b) => b.path))]) {
  test(`first load of ${path} stays within its byte budget`, async ({ page }) => {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const bytes = await pageBytes(page);
    const missed = BYTE_BUDGETS.filter((b) => b.path === path && !b.ok(bytes)).map((b) => b.what);
    expect(missed, `${path}: ${JSON.stringify({ js: bytes.js, css: bytes.css, font: bytes.font, total: bytes.total, heavy: bytes.heavy })}`).toEqual([]);
    // Measured, not empty: a page that failed to load would pass a ceiling.
    expect(bytes.total).toBeGreaterThan(path.endsWith("lite") ? 3_000 : 50_000);
  });
}

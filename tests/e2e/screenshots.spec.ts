import { test, expect } from "./fixtures";

// Pictures of the pages a reporter sees, at phone and desktop width, in both
// languages, kept in test-results/screenshots for a person to look at. Tagged
// @screenshot: `npm run screenshots` takes them; `npm test` leaves them out
// (the accessibility audit already opens every page in both languages).
const widths = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

for (const [device, viewport] of Object.entries(widths)) {
  for (const path of ["/report", "/ur/report", "/", "/ur", "/service/whatsapp", "/ur/isp/zong", "/ur/map", "/ur/lite"]) {
    test(`screenshot ${path} at ${device} width`, { tag: "@screenshot" }, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.goto(path);
      await expect(page.locator("h1")).toBeVisible();
      if (path.endsWith("/map")) await expect(page.getByTestId("area-map")).toHaveAttribute("data-ready", "true");
      // Urdu pages switch the shipped face on after hydration (components/ui/deferred-font.tsx): picture it drawn.
      if (path.startsWith("/ur") && !path.endsWith("/lite")) {
        await expect(page.locator("html")).toHaveAttribute("class", /\S/);
        await page.evaluate(() => document.fonts.ready);
      }
      const name = `${path.replace(/\//g, "_") || "_home"}-${device}`;
      await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
    });
  }
}

import { test, expect } from "./fixtures";

// Keyboard alone: a report from the first Tab to the confirmation, and a
// visible focus ring on everything a Tab reaches on the overview.

test("a reporter sends a report with the keyboard alone", async ({ page }) => {
  await page.goto("/report");
  const focused = (selector: string) => expect(page.locator(selector)).toBeFocused();

  await page.keyboard.press("Tab");
  await focused(".skip-link");
  await page.keyboard.press("Enter");
  await focused("main");

  await page.keyboard.press("Tab");
  await focused(".lite-link a");
  await page.keyboard.press("Tab");
  await focused("#field-place");
  await page.keyboard.type("Karachi");
  await page.keyboard.press("Tab");
  await focused("button[type=button]:has-text('Use my location')");

  await page.keyboard.press("Tab");
  await focused("#field-isp");
  await page.keyboard.press("ArrowDown"); // Jazz
  await page.keyboard.press("ArrowDown"); // Zong
  await expect(page.locator("#field-isp")).toHaveValue("zong");

  // A radio group is one Tab stop; Space picks the focused choice, arrows move and pick.
  await page.keyboard.press("Tab");
  await focused("input[name=connection][value=mobile]");
  await page.keyboard.press("Space");
  await expect(page.locator("input[name=connection][value=mobile]")).toBeChecked();

  await page.keyboard.press("Tab");
  await focused("#field-service");
  await page.keyboard.press("ArrowDown"); // The whole internet
  await page.keyboard.press("ArrowDown"); // WhatsApp
  await expect(page.locator("#field-service")).toHaveValue("whatsapp");

  await page.keyboard.press("Tab");
  await focused("input[name=problem][value=no_connection]");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("input[name=problem][value=media_fails]")).toBeChecked();

  await page.keyboard.press("Tab");
  await focused("#field-when");
  // The optional connection check works from the keyboard too.
  await page.keyboard.press("Tab");
  await focused("button[type=button]:has-text('Measure my connection')");
  await page.keyboard.press("Enter");
  await expect(page.locator("li[data-domain='whatsapp.com']")).toBeVisible({ timeout: 15_000 });
  await focused("button[type=button]:has-text('Measure again')");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Send these figures with my report")).toBeFocused();
  await page.keyboard.press("Tab");
  await focused("details.optional summary");
  await page.keyboard.press("Tab");
  await focused("form.report-form button[type=submit]");
  // Back and forth: Shift+Tab returns to the summary, Tab to the button.
  await page.keyboard.press("Shift+Tab");
  await focused("details.optional summary");
  await page.keyboard.press("Tab");
  await focused("form.report-form button[type=submit]");
  await page.keyboard.press("Enter");

  await expect(page.getByTestId("confirmation")).toBeVisible();
  await expect(page.getByTestId("confirmation")).toContainText("Thank you");
});

test("everything a Tab reaches on the overview shows where the focus is", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("h1")).toBeVisible();
  // Each element's outline and shadow at rest, before any focus.
  await page.evaluate(() => {
    const rest: Record<string, string> = {};
    document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, summary, [tabindex]").forEach((el, i) => {
      el.dataset.focusProbe = String(i);
      const s = getComputedStyle(el);
      rest[i] = `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
    });
    (window as unknown as { __rest: Record<string, string> }).__rest = rest;
  });

  const problems: string[] = [];
  const visited = new Set<string>();
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const seen = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
      const focused = `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
      const probe = el.dataset.focusProbe;
      return {
        id: probe ?? `${el.tagName}:${el.textContent?.slice(0, 30)}`,
        name: `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`,
        ring: outline || s.boxShadow !== "none",
        changed: probe === undefined ? true : (window as unknown as { __rest: Record<string, string> }).__rest[probe] !== focused,
        onScreen: box.width > 0 && box.height > 0,
      };
    });
    if (!seen || visited.has(seen.id)) break;
    visited.add(seen.id);
    if (!seen.ring || !seen.changed || !seen.onScreen) problems.push(`${seen.name}: ring ${seen.ring}, differs from rest ${seen.changed}, on screen ${seen.onScreen}`);
  }
  expect(visited.size, "Tab reached the page's controls").toBeGreaterThan(10);
  expect(problems, "focused elements without a visible focus style").toEqual([]);
});

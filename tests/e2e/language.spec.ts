import { test, expect } from "./fixtures";

// The language a reporter picks sticks: a later visit to an address without
// /ur (the installed app's start page, a shared link) opens in Urdu.

test("after choosing Urdu, /report opens in Urdu on a fresh navigation", async ({ page, context }) => {
  await page.goto("/");
  await page.locator("a.lang-switch").click();
  await expect(page).toHaveURL(/\/ur$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ur");

  const cookie = (await context.cookies()).find((c) => c.name === "NEXT_LOCALE");
  expect(cookie?.value).toBe("ur");
  // Not a session cookie: it outlives the browser being closed.
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 24 * 3600_000);

  const fresh = await context.newPage();
  await fresh.goto("/report");
  await expect(fresh).toHaveURL(/\/ur\/report$/);
  await expect(fresh.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(fresh.locator("h1")).not.toHaveText(/Report/);
});

test("choosing English again sticks too", async ({ page, context }) => {
  await page.goto("/ur/report");
  await page.locator("a.lang-switch").click();
  await expect(page).toHaveURL(/\/report$/);
  const fresh = await context.newPage();
  await fresh.goto("/");
  await expect(fresh.locator("html")).toHaveAttribute("lang", "en");
});

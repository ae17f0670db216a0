import { expect, type Page } from "@playwright/test";

// The moderator account of the end-to-end run. playwright.config.ts creates
// it before the server starts, through the real command (`npm run admin --
// add`, the password piped in): PGlite allows one process per data folder,
// so it cannot be made while the server runs.
export const ADMIN_USERNAME = "e2e-moderator";
export const ADMIN_PASSWORD = "end to end moderator passphrase";
/** A member of Jazz's staff (`npm run admin -- isp add`), with the same password. */
export const ISP_SLUG = "jazz";
export const ISP_USERNAME = "e2e-jazz";

/** Signs in through the form, in the given language; lands on the comment queue (a moderator) or the desk (ISP staff). */
export async function signIn(page: Page, locale: "en" | "ur" = "en", username = ADMIN_USERNAME, base = "") {
  await page.goto(`${base}${locale === "en" ? "" : "/ur"}/admin/login`);
  await page.locator("#login-username").fill(username);
  await page.locator("#login-password").fill(ADMIN_PASSWORD);
  await page.locator("form[data-testid=login-form] button[type=submit]").click();
  // A password hash takes a second or more on a busy machine.
  await expect(page.getByTestId(username === ADMIN_USERNAME ? "admin" : "isp-desk")).toBeVisible({ timeout: 20_000 });
}

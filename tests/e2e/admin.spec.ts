import type { Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { test, expect, freshTotal } from "./fixtures";
import { ADMIN_USERNAME, signIn } from "./admin-account";

// Moderation as a moderator meets it, in the production build: signing in,
// the comment queue, voiding, the audit log, the sign-in limit, and the
// protections around them (cookie, headers, cross-origin posts, the CSP).

test.describe.configure({ timeout: 90_000 });

/** Content-Security-Policy violations the page reports. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__cspViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return seen;
}

async function sendReport(page: Page, data: Record<string, unknown>): Promise<number> {
  const res = await page.request.post("/api/v1/reports", { data: { isp: "zong", connection: "mobile", problem: "media_fails", ...data } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

async function exportedComments(page: Page): Promise<Record<number, string>> {
  const from = new Date(Date.now() - 2 * 3600_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const res = await page.request.get(`/api/v1/export?format=csv&from=${from}&to=${to}`);
  const rows = parse(await res.text(), { columns: true }) as { id: string; comment: string }[];
  return Object.fromEntries(rows.map((r) => [Number(r.id), r.comment]));
}

test("the sign-in page is not cached or indexed, and the admin is closed to anyone not signed in", async ({ page, request }) => {
  const res = await request.get("/admin/login");
  expect(res.headers()["cache-control"]).toContain("no-store");
  expect(res.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  await page.goto("/admin/login");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  for (const path of ["/admin", "/admin/reports?id=1", "/admin/audit", "/ur/admin"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/admin\/login$/);
  }
});

test("signs in with a secure, HTTP-only, same-site session cookie and signs out on the server too", async ({ page, context }) => {
  const violations = await watchViolations(page);
  await signIn(page);
  await expect(page.getByTestId("admin-who")).toContainText(`Signed in as ${ADMIN_USERNAME}`);
  const cookie = (await context.cookies()).find((c) => c.name === "__Host-dw-admin")!;
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/" });
  expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("login-notice")).toContainText("You have signed out");
  // The old cookie, put back, opens nothing: the session ended in the database.
  await context.addCookies([cookie]);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/login\?ended=1$/);
  await expect(page.getByTestId("login-notice")).toContainText("Your session has ended");
  expect(violations).toEqual([]);
});

test("publishes a comment, which then appears in the export as text, and hides it again", async ({ page }) => {
  const violations = await watchViolations(page);
  const comment = `<img src=x onerror="alert(1)"> voice notes stuck ${Math.random().toString(36).slice(2, 8)}`;
  const id = await sendReport(page, { area: "karachi-south", service: "whatsapp", comment });
  expect((await exportedComments(page))[id]).toBe("");

  await signIn(page);
  const item = page.locator(`[data-report-id="${id}"]`);
  // Shown as text: the markup is there to read, not an image.
  await expect(item.getByTestId("comment-text")).toHaveText(comment);
  await expect(item.locator("img")).toHaveCount(0);
  await item.getByRole("button", { name: `Publish the comment of report #${id}` }).click();
  await expect(page.getByTestId("admin-notice")).toContainText(`The comment of report #${id} is published.`);
  await expect(page.locator(`[data-report-id="${id}"]`)).toHaveCount(0);
  expect((await exportedComments(page))[id]).toBe(comment);

  // Undo, from the notice.
  await page.getByTestId("admin-notice").getByRole("button", { name: `Hide the comment of report #${id}` }).click();
  await expect(page.getByTestId("admin-notice")).toContainText(`The comment of report #${id} is hidden.`);
  expect((await exportedComments(page))[id]).toBe("");
  await page.goto("/admin?state=hidden");
  await expect(page.locator(`[data-report-id="${id}"]`)).toContainText(`Hidden by ${ADMIN_USERNAME}`);
  expect(violations).toEqual([]);
});

test("voids a report with a reason: the counts drop, and the audit log says who, what, when, which report and why", async ({ page }) => {
  const violations = await watchViolations(page);
  const id = await sendReport(page, { area: "gwadar", service: "vpn", problem: "vpn_blocked" });
  const before = await freshTotal(page);
  await signIn(page);
  await page.goto(`/admin/reports?id=${id}`);
  const detail = page.getByTestId("report-detail");
  await expect(detail).toHaveAttribute("data-status", "counted");
  // The reason is required, and the form says so next to it.
  await page.getByRole("button", { name: `Void report #${id}` }).click();
  await expect(page.locator("#void-reason-error")).toBeVisible();
  await page.locator("#void-reason").fill("Sent by the team while testing the form");
  await page.getByRole("button", { name: `Void report #${id}` }).click();
  await expect(page.getByTestId("admin-notice")).toContainText(`Report #${id} is voided`);
  await expect(detail).toHaveAttribute("data-status", "voided");
  await expect(page.getByTestId("not-voidable")).toBeVisible();
  await expect.poll(() => freshTotal(page)).toBe(before - 1);

  await page.getByRole("link", { name: "Audit log" }).click();
  const row = page.getByTestId("audit-table").locator('tr[data-action="void"]').first();
  await expect(row).toContainText(ADMIN_USERNAME);
  await expect(row).toContainText("Voided the report");
  await expect(row).toContainText(`#${id}`);
  await expect(row).toContainText("Sent by the team while testing the form");
  expect(violations).toEqual([]);
});

for (const locale of ["en", "ur"] as const) {
  test(`refuses wrong passwords, and after five says how long to wait, in ${locale === "en" ? "English" : "Urdu"}`, async ({ page }) => {
    // An unknown username: the real account must stay open for the other tests.
    const username = `nobody-${locale}-${Math.random().toString(36).slice(2, 8)}`;
    await page.goto(locale === "en" ? "/admin/login" : "/ur/admin/login");
    for (let i = 0; i < 6; i++) {
      await page.locator("#login-username").fill(username);
      await page.locator("#login-password").fill(`wrong password number ${i}`);
      await page.locator("form[data-testid=login-form] button[type=submit]").click();
      if (i < 5) await expect(page.getByTestId("login-wrong")).toBeVisible({ timeout: 20_000 });
      // Wait for the answer before the next try (the button is busy meanwhile).
      await expect(page.locator("form[data-testid=login-form] button[type=submit]")).toBeEnabled({ timeout: 20_000 });
    }
    await expect(page.getByTestId("login-rate_limited")).toContainText(locale === "en" ? /Try again in 1[45] minutes/ : /1[45] منٹ بعد دوبارہ کوشش کریں/);
    await expect(page.locator("#login-username")).toHaveValue(username);
    await expect(page.locator("#login-password")).toHaveValue("");
  });
}

test("a moderation action posted from another origin is refused and changes nothing", async ({ page, context }) => {
  const id = await sendReport(page, { area: "lahore", service: "youtube", comment: "videos stop after a minute" });
  await signIn(page);
  const item = page.locator(`[data-report-id="${id}"]`);
  // Capture the real request the Publish button sends, and stop it there.
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route("**/admin**", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      captured = { headers: await request.allHeaders(), body: request.postDataBuffer()! };
      return route.abort();
    }
    return route.continue();
  });
  await item.getByRole("button", { name: `Publish the comment of report #${id}` }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute("**/admin**");

  const cookie = (await context.cookies()).find((c) => c.name === "__Host-dw-admin")!;
  const headers = { ...captured!.headers, cookie: `${cookie.name}=${cookie.value}` };
  const forged = await page.request.post("/admin", { headers: { ...headers, origin: "https://evil.example" }, data: captured!.body });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  expect((await exportedComments(page))[id]).toBe("");
  await page.goto("/admin");
  await expect(page.locator(`[data-report-id="${id}"]`)).toBeVisible();

  // The same request from this site goes through: it was the origin that was refused.
  const genuine = await page.request.post("/admin", { headers, data: captured!.body, maxRedirects: 0 });
  expect(genuine.status()).toBeLessThan(400);
  await expect.poll(async () => (await exportedComments(page))[id]).toBe("videos stop after a minute");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signs in and publishes a comment with plain form posts", async ({ page }) => {
    const id = await sendReport(page, { area: "peshawar", service: "facebook", comment: "pages do not load without a VPN" });
    await signIn(page);
    await page.locator(`[data-report-id="${id}"]`).getByRole("button", { name: `Publish the comment of report #${id}` }).click();
    await expect(page.getByTestId("admin-notice")).toContainText(`The comment of report #${id} is published.`);
    expect((await exportedComments(page))[id]).toBe("pages do not load without a VPN");
  });
});

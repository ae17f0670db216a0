import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { parse } from "csv-parse/sync";
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";
import { ADMIN_USERNAME, ISP_SLUG, ISP_USERNAME, signIn } from "./admin-account";
import { demoTest } from "./demo-incidents";

// The ISP desk as a provider's staff meets it, on the synthetic demo (its
// incidents, its complaints): signing in, the complaint table, the map and
// the incidents, each CSV; the right of reply in Urdu, edited, shown on the
// public incident page and the brief; a cross-origin post refused; the
// accessibility audit in both languages. The demo server is shared with
// incidents.spec.ts (demo-incidents.ts).

const test = demoTest;
test.describe.configure({ timeout: 120_000 });

const BLOCKING = new Set(["serious", "critical"]);
async function audit(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => BLOCKING.has(v.impact ?? "")).map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
}

async function download(page: Page, testId: string): Promise<Record<string, string>[]> {
  const downloading = page.waitForEvent("download");
  await page.getByTestId(testId).click();
  const file = await (await downloading).path();
  return parse(fs.readFileSync(file!), { columns: true }) as Record<string, string>[];
}

test("the desk is closed to readers and to moderators; its staff never see moderation", async ({ page, demo }) => {
  await page.goto(`${demo.base}/isp-desk`);
  await expect(page).toHaveURL(/\/admin\/login$/);
  const res = await page.request.get(`${demo.base}/isp-desk`, { maxRedirects: 0 });
  expect(res.headers()["cache-control"]).toContain("no-store");
  await signIn(page, "en", ADMIN_USERNAME, demo.base);
  await page.goto(`${demo.base}/isp-desk`);
  await expect(page).toHaveURL(/\/admin$/);
  await page.context().clearCookies();
  await signIn(page, "en", ISP_USERNAME, demo.base);
  await expect(page).toHaveURL(/\/isp-desk$/);
  for (const path of ["/admin", "/admin/audit", "/admin/reports"]) {
    await page.goto(`${demo.base}${path}`);
    await expect(page, path).toHaveURL(/\/isp-desk$/);
  }
});

for (const locale of ["en", "ur"] as const) {
  const prefix = locale === "en" ? "" : "/ur";

  test(`the desk shows the complaints on the provider's network by district and hour, the map, the incidents and the comments, each as CSV (${locale})`, async ({ page, demo }) => {
    await signIn(page, locale, ISP_USERNAME, demo.base);
    await expect(page.locator("html")).toHaveAttribute("dir", locale === "ur" ? "rtl" : "ltr");
    await page.goto(`${demo.base}${prefix}/isp-desk?window=7d`);
    await expect(page.getByTestId("isp-desk")).toHaveAttribute("data-isp", ISP_SLUG);

    // The district × hour table is the API's, for this provider only.
    const table = page.getByTestId("area-hours");
    const first = table.locator("tbody tr").first();
    await expect(first).toBeVisible();
    const csv = await download(page, "area-hours-csv");
    const area = await first.getAttribute("data-area");
    expect(Number(csv.find((r) => r.district === area)!.total)).toBe(Number(await first.getAttribute("data-total")));
    const href = await page.getByTestId("area-hours-csv").getAttribute("href");
    expect(href).toContain(`isp=${ISP_SLUG}`);

    await expect(page.getByTestId("desk-map").getByTestId("area-map")).toHaveAttribute("data-ready", "true");

    // The incidents touching the network, ongoing first; the CSV lists the same ones.
    const rows = page.getByTestId("desk-incident");
    await expect(rows.first()).toBeVisible();
    const ids = await rows.evaluateAll((all) => all.map((r) => Number(r.getAttribute("data-id"))));
    const statuses = await rows.evaluateAll((all) => all.map((r) => r.getAttribute("data-status")));
    expect(statuses).toEqual([...statuses].sort((a, b) => (a === b ? 0 : a === "ongoing" ? -1 : 1)));
    const incidentsCsv = await download(page, "desk-incidents-csv");
    expect(incidentsCsv.map((r) => Number(r.id))).toEqual(ids);

    // Comments: the section and its CSV, whatever the demo published.
    await expect(page.getByTestId("desk-comments")).toBeVisible();
    const comments = await download(page, "desk-comments-csv");
    expect(comments.every((c) => c.isp === ISP_SLUG)).toBe(true);
    expect(await page.getByTestId("desk-comment").count()).toBe(Math.min(comments.length, 50));

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/isp-desk-${locale}-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `test-results/screenshots/isp-desk-${locale}-phone.png`, fullPage: true });
  });

  test(`the desk has no serious or critical accessibility findings (${locale})`, async ({ page, demo }) => {
    await signIn(page, locale, ISP_USERNAME, demo.base);
    await page.goto(`${demo.base}${prefix}/isp-desk?window=7d`);
    await expect(page.getByTestId("area-map").first()).toHaveAttribute("data-ready", "true");
    expect(await audit(page), `axe findings on ${prefix}/isp-desk`).toEqual([]);
    const id = await page.getByTestId("desk-incident").first().getAttribute("data-id");
    for (const path of [`/isp-desk/incidents/${id}`, "/isp-desk/api"]) {
      await page.goto(`${demo.base}${prefix}${path}`);
      await expect(page.locator("h1")).toBeVisible();
      await page.locator("details").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      expect(await audit(page), `axe findings on ${prefix}${path}`).toEqual([]);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `test-results/screenshots/isp-desk-api-${locale}-phone.png`, fullPage: true });
  });
}

test("a provider posts a statement in Urdu and edits it; the public incident page, the API, the feed and the brief show it with its history", async ({ page, demo }) => {
  test.setTimeout(180_000);
  await signIn(page, "ur", ISP_USERNAME, demo.base);
  await page.goto(`${demo.base}/ur/isp-desk?window=7d`);
  // The newest incident that names the network: the brief of its own span lists it.
  const row = page.getByTestId("desk-incident").first();
  const id = Number(await row.getAttribute("data-id"));
  await row.getByTestId("desk-answer").click();
  await expect(page).toHaveURL(new RegExp(`/ur/isp-desk/incidents/${id}$`));

  const first = "ہم اس مسئلے کی تحقیقات کر رہے ہیں۔ لاہور میں وائس نوٹس متاثر ہیں۔";
  const second = "مسئلہ حل ہو گیا ہے۔ سروس بحال کر دی گئی ہے۔";
  const form = page.getByTestId("statement-form");
  await form.locator("select[name=status]").selectOption("investigating");
  await form.locator("textarea[name=text]").fill(first);
  await expect(form.locator("select[name=lang]")).toHaveValue("ur");
  await form.locator("button[type=submit]").click();
  await expect(page).toHaveURL(/notice=posted/);
  const mine = page.getByTestId("desk-statements").getByTestId("statement");
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText(first);

  await page.locator("details.statement-edit summary").first().click();
  const edit = page.getByTestId("statement-edit-form").first();
  await edit.locator("select[name=status]").selectOption("resolved");
  await edit.locator("textarea[name=text]").fill(second);
  await edit.locator("input[name=cause]").fill("بین الاقوامی گیٹ وے پر ایک خراب آلہ");
  await edit.locator("button[type=submit]").click();
  await expect(page).toHaveURL(/notice=edited/);
  await expect(mine).toHaveAttribute("data-version", "2");
  await page.screenshot({ path: "test-results/screenshots/isp-desk-statement-ur.png", fullPage: true });

  // The API: the latest version with its history, under the provider's name and time.
  const api = (await (await page.request.get(`${demo.base}/api/v1/incidents/${id}?t=${Date.now()}`)).json()) as {
    start: string;
    end: string | null;
    statements: { isp: string; status: string; text: string; lang: string; version: number; postedAt: string; history: { version: number; text: string }[] }[];
  };
  const statement = api.statements.find((s) => s.isp === ISP_SLUG)!;
  expect(statement).toMatchObject({ status: "resolved", text: second, lang: "ur", version: 2 });
  expect(statement.history.map((h) => h.text)).toEqual([first, second]);

  // The public page, in both languages: the statement, "edited", both versions, and what a statement is.
  for (const prefix of ["", "/ur"]) {
    await page.goto(`${demo.base}${prefix}/incidents/${id}`);
    const section = page.getByTestId("incident-statements");
    await expect(section.getByTestId("statement")).toHaveAttribute("data-version", "2");
    await expect(section.getByTestId("statement")).toContainText(second);
    await section.getByTestId("statement-history").locator("summary").click();
    await expect(section.getByTestId("statement-history")).toContainText(first);
    await expect(section.getByTestId("statements-note")).toBeVisible();
    await section.screenshot({ path: `test-results/screenshots/incident-statement-${prefix ? "ur" : "en"}.png` });
  }

  // The feed's entry for the incident carries it.
  const feed = await (await page.request.get(`${demo.base}/feed.xml`)).text();
  expect(feed).toContain(second);

  // The brief of the incident's span lists it, under the provider's name.
  const to = api.end ?? new Date().toISOString();
  await page.goto(`${demo.base}/ur/brief?from=${encodeURIComponent(api.start)}&to=${encodeURIComponent(to)}`);
  await expect(page.getByTestId("brief-statements")).toContainText(second);
});

test("a statement posted from another origin is refused and changes nothing", async ({ page, context, demo }) => {
  await signIn(page, "en", ISP_USERNAME, demo.base);
  await page.goto(`${demo.base}/isp-desk?window=7d`);
  const row = page.getByTestId("desk-incident").nth(1);
  const id = Number(await row.getAttribute("data-id"));
  await page.goto(`${demo.base}/isp-desk/incidents/${id}`);
  const count = async () => ((await (await page.request.get(`${demo.base}/api/v1/incidents/${id}?t=${Date.now()}`)).json()) as { statements: unknown[] }).statements.length;
  const before = await count();
  // Capture the real request the form sends, and stop it there.
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route("**/isp-desk/incidents/**", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      captured = { headers: await request.allHeaders(), body: request.postDataBuffer()! };
      return route.abort();
    }
    return route.continue();
  });
  const form = page.getByTestId("statement-form");
  await form.locator("textarea[name=text]").fill("A statement a forged page tries to post.");
  await form.locator("button[type=submit]").click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute("**/isp-desk/incidents/**");

  const cookie = (await context.cookies()).find((c) => c.name === "__Host-dw-admin")!;
  const headers = { ...captured!.headers, cookie: `${cookie.name}=${cookie.value}` };
  const forged = await page.request.post(`${demo.base}/isp-desk/incidents/${id}`, { headers: { ...headers, origin: "https://evil.example" }, data: captured!.body });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  expect(await count()).toBe(before);
  // The same request from this site goes through: it was the origin that was refused.
  const genuine = await page.request.post(`${demo.base}/isp-desk/incidents/${id}`, { headers, data: captured!.body, maxRedirects: 0 });
  expect(genuine.status()).toBeLessThan(400);
  await expect.poll(count).toBe(before + 1);
});

test("a moderator hides a statement with a reason; the page says it was hidden by moderation", async ({ page, demo }) => {
  await signIn(page, "en", ISP_USERNAME, demo.base);
  await page.goto(`${demo.base}/isp-desk?window=7d`);
  const id = Number(await page.getByTestId("desk-incident").nth(2).getAttribute("data-id"));
  await page.goto(`${demo.base}/isp-desk/incidents/${id}`);
  const form = page.getByTestId("statement-form");
  await form.locator("textarea[name=text]").fill("Our network is fine; call our helpline 0300-0000000 for a refund.");
  await form.locator("button[type=submit]").click();
  await expect(page).toHaveURL(/notice=posted/);
  await page.context().clearCookies();

  await signIn(page, "en", ADMIN_USERNAME, demo.base);
  await page.goto(`${demo.base}/admin/statements`);
  await page.locator("details:has([data-testid=hide-statement-form]) > summary").first().click();
  const hide = page.getByTestId("hide-statement-form").first();
  await hide.locator("textarea[name=reason], input[name=reason]").fill("It advertises a paid helpline.");
  await hide.locator("button[type=submit]").click();
  await expect(page).toHaveURL(/notice=/);
  await page.goto(`${demo.base}/incidents/${id}`);
  const hidden = page.getByTestId("incident-statements").locator("[data-hidden=true]");
  await expect(hidden).toContainText("It advertises a paid helpline.");
  await expect(page.getByTestId("incident-statements")).not.toContainText("helpline 0300");
  await page.goto(`${demo.base}/admin/audit`);
  await expect(page.locator("body")).toContainText("It advertises a paid helpline.");
});

test("a provider makes an API token, shown once, that reads at its tier's limit; revoked, it is refused", async ({ page, demo }) => {
  test.setTimeout(120_000);
  await signIn(page, "en", ISP_USERNAME, demo.base);
  await page.goto(`${demo.base}/isp-desk/api`);
  await page.getByTestId("token-form").locator("input[name=label]").fill("NOC dashboard, Karachi");
  await page.getByTestId("token-form").locator("button[type=submit]").click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^dwt_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("tokens-table")).toContainText("NOC dashboard, Karachi");
  await page.screenshot({ path: "test-results/screenshots/isp-desk-api-en-token.png", fullPage: true });
  // Shown once: the page afresh shows its prefix only.
  await page.goto(`${demo.base}/isp-desk/api`);
  expect(await page.content()).not.toContain(token);

  const read = (t: string) => page.request.get(`${demo.base}/api/v1/area-hours?isp=${ISP_SLUG}&format=csv`, { headers: { authorization: `Bearer ${t}` } });
  const ok = await read(token);
  expect(ok.status()).toBe(200);
  expect(ok.headers()["ratelimit-limit"]).toBe("1200");
  expect((await read(`dwt_${"x".repeat(43)}`)).status()).toBe(401);

  await page.getByTestId("tokens-table").getByRole("button").first().click();
  await expect(page).toHaveURL(/notice=revoked/);
  // Every instance forgets a verified token within 30 seconds.
  await expect.poll(async () => (await read(token)).status(), { timeout: 45_000, intervals: [2_000] }).toBe(401);
});

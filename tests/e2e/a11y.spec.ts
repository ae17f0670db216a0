import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { signIn } from "./admin-account";

// The automated accessibility audit: axe on every page in both languages,
// failing on any serious or critical finding, every rule on.

const PAGES = ["/", "/report", "/lite", "/map", "/data", "/service/whatsapp", "/isp/zong", "/area/karachi-south", "/brief", "/methodology"];
// Pages without a compact map.
const MAPLESS = new Set(["/", "/report", "/lite", "/data", "/brief", "/methodology"]);
const BLOCKING = new Set(["serious", "critical"]);

async function audit(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ""))
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
}

test.describe("accessibility audit", () => {
  // Each page's audit stands alone: the two workers share them out.
  test.describe.configure({ mode: "parallel" });

  test.beforeAll(async ({ request }) => {
    // Some reports, so charts, tables and the map have something to show.
    for (const [area, isp, service] of [["karachi-south", "zong", "whatsapp"], ["lahore", "jazz", "youtube"], ["quetta", "zong", "whatsapp"]] as const) {
      const res = await request.post("/api/v1/reports", { data: { area, isp, connection: "mobile", service, problem: "no_connection" } });
      expect(res.ok()).toBe(true);
    }
  });

  for (const locale of ["en", "ur"] as const) {
    for (const path of PAGES) {
      const url = locale === "en" ? path : path === "/" ? "/ur" : `/ur${path}`;
      test(`${url} has no serious or critical findings`, async ({ page }) => {
        // The data page opens its code lists (some 230 rows): axe takes longer there.
        if (path === "/data") test.slow();
        await page.goto(url);
        await expect(page.locator("h1")).toBeVisible();
        if (path === "/map") await expect(page.getByTestId("area-map")).toHaveAttribute("data-ready", "true");
        // Service, ISP and area pages carry a compact map; audit it drawn, too.
        if (!MAPLESS.has(path)) await expect(page.getByTestId("area-map").first()).toHaveAttribute("data-ready", "true");
        // The tables behind the charts are audited too, not only the closed summaries.
        await page.locator("details").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        expect(await audit(page), `axe findings on ${url}`).toEqual([]);
      });
    }

    test(`the ${locale} overview grouped by service (a stacked chart with a legend) has no serious or critical findings`, async ({ page }) => {
      await page.goto(`${locale === "en" ? "" : "/ur"}/?groupBy=service`);
      await expect(page.locator(".recharts-legend-wrapper").first()).toBeVisible();
      await page.locator("details").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      expect(await audit(page), "axe findings on the grouped overview").toEqual([]);
    });

    test(`the ${locale} report form showing its field errors has no serious or critical findings`, async ({ page }) => {
      await page.goto(locale === "en" ? "/report" : "/ur/report");
      // Hydrated: the errors come from the form's own check, not a round trip.
      await expect(page.locator("form.report-form")).toHaveAttribute("data-live", "true");
      await page.locator("form.report-form button[type=submit]").click();
      await expect(page.locator("#field-isp-error")).toBeVisible();
      await expect(page.locator("#problem-error")).toBeVisible();
      expect(await audit(page), "axe findings on the form with errors").toEqual([]);
    });
  }

  test.describe("the moderation pages", () => {
    // A sign-in costs a password hash (a second or more here): one per language.
    test.describe.configure({ timeout: 120_000 });

    for (const locale of ["en", "ur"] as const) {
      const prefix = locale === "en" ? "" : "/ur";

      test(`${prefix}/admin/login, also with its errors, has no serious or critical findings`, async ({ page }) => {
        await page.goto(`${prefix}/admin/login`);
        await expect(page.locator("h1")).toBeVisible();
        expect(await audit(page), "axe findings on the sign-in page").toEqual([]);
        await page.locator("form[data-testid=login-form] button[type=submit]").click();
        await expect(page.locator("#login-username-error")).toBeVisible({ timeout: 20_000 });
        expect(await audit(page), "axe findings on the sign-in page with errors").toEqual([]);
      });

      test(`${prefix}/admin signed in (the queue, a report with its void form, the search, the audit log) has no serious or critical findings`, async ({ page, request }) => {
        const res = await request.post("/api/v1/reports", {
          data: { area: "multan", isp: "jazz", connection: "mobile", service: "whatsapp", problem: "calls_fail", comment: locale === "en" ? "calls drop at once" : "کال فوراً کٹ جاتی ہے" },
        });
        const { id } = (await res.json()) as { id: number };
        await signIn(page, locale);
        for (const path of ["/admin", `/admin/reports?id=${id}`, "/admin/reports", "/admin/audit", "/admin?state=published"]) {
          await page.goto(`${prefix}${path}`);
          await expect(page.locator("h1")).toBeVisible();
          expect(await audit(page), `axe findings on ${prefix}${path}`).toEqual([]);
        }
        // The void form showing its error.
        await page.goto(`${prefix}/admin/reports?id=${id}`);
        await page.locator("form[data-testid=void-form] button[type=submit]").click();
        await expect(page.locator("#void-reason-error")).toBeVisible();
        expect(await audit(page), "axe findings on the void form with its error").toEqual([]);
      });
    }
  });
});


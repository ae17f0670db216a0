import { test, expect, freshTotal, ReportPage } from "./fixtures";
import type { APIRequestContext, Page, Response } from "@playwright/test";

// Limits and abuse as a reporter meets them, and the security headers every
// page is served with.

const PAGES = ["/", "/report", "/lite", "/map", "/service/whatsapp", "/isp/zong", "/area/karachi-south", "/area/sindh"];

/** Collects every Content-Security-Policy violation the page reports. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction("__cspViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return seen;
}

/** Pictures for a person to look at, at phone and desktop width (test-results/screenshots). */
async function screenshots(page: Page, name: string) {
  for (const [device, size] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 900 }]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screenshots/${name}-${device}.png`, fullPage: true });
  }
}

/**
 * Uses up this reporter's requests for the minute through the API (the hard
 * limit is 60). If the clock minute turns while it sends, the new minute
 * starts from nothing, so it goes on until a 429: at most 121 requests.
 */
async function exhaustMinute(request: APIRequestContext) {
  const areas = ["lahore", "quetta", "peshawar", "multan", "islamabad"];
  for (let i = 0; i < 121; i++) {
    const res = await request.post("/api/v1/reports", { data: { area: areas[i % 5], isp: "ufone", connection: "mobile", service: "internet", problem: "slow" } });
    if (res.status() === 429) return res;
  }
  throw new Error("the minute's limit never answered 429");
}

test.describe("security headers", () => {
  test("pages carry a nonce policy and the hardening headers; the API a deny-all policy; no HSTS over http", async ({ request }) => {
    const page = await request.get("/report");
    const csp = page.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await page.text()).toContain(`nonce="${nonce}"`);
    const again = await request.get("/report");
    expect(again.headers()["content-security-policy"]).not.toBe(csp);
    for (const res of [page, await request.get("/api/v1/meta"), await request.get("/lite")]) {
      expect(res.headers()["x-content-type-options"]).toBe("nosniff");
      expect(res.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(res.headers()["permissions-policy"]).toContain("geolocation=(self)");
      expect(res.headers()["strict-transport-security"]).toBeUndefined();
    }
    expect((await request.get("/api/v1/meta")).headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  for (const locale of ["en", "ur"] as const) {
    test(`every page renders in ${locale === "en" ? "English" : "Urdu"} with no policy violation`, async ({ page, request }) => {
      // Something to draw: a few reports from different reporters.
      for (const [i, service] of ["whatsapp", "youtube", "internet"].entries()) {
        await request.post("/api/v1/reports", {
          data: { area: "karachi-south", isp: "zong", connection: "mobile", service, problem: "slow", location: { lat: 24.86, lon: 67.01 } },
          headers: { "x-forwarded-for": `10.250.${i}.${Math.floor(Math.random() * 250)}` },
        });
      }
      test.setTimeout(120_000);
      const violations = await watchViolations(page);
      for (const path of PAGES) {
        const url = locale === "en" ? path : `/ur${path === "/" ? "" : path}`;
        // The overview refreshes itself; a refresh that lands as we leave can
        // abort the navigation once.
        await page.goto(url).catch(() => page.goto(url));
        await expect(page.locator("h1").first()).toBeVisible();
        // Hydrated: React has run the page's scripts (and met the policy).
        await page.waitForLoadState("load");
        await page.waitForTimeout(300);
      }
      // The scripts did run: the map drew (Leaflet) and, on the overview, the chart.
      await page.goto(locale === "en" ? "/map" : "/ur/map");
      await expect(page.locator(".leaflet-container")).toBeVisible();
      await expect(page.locator(".leaflet-interactive").first()).toBeVisible();
      await page.goto(locale === "en" ? "/" : "/ur");
      await expect(page.locator(".recharts-surface").first()).toBeVisible();
      expect(violations).toEqual([]);
    });
  }

  test("a server action posted from another origin is refused and stores nothing", async ({ page, request }) => {
    const form = new ReportPage(page);
    await form.open("en");
    await form.fill({ place: "Quetta", isp: "telenor", connection: "mobile", service: "facebook", problem: "slow" });
    const [action] = await Promise.all([page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])), form.submit()]);
    await expect(form.confirmation()).toBeVisible();
    const before = await freshTotal(page);
    const headers: Record<string, string> = { ...action.headers(), "x-forwarded-for": "10.251.0.1", origin: "https://evil.example" };
    const forged = await request.post("/report", { headers, data: action.postDataBuffer()! });
    expect(forged.status()).toBeGreaterThanOrEqual(400);
    const total = await freshTotal(page);
    expect(total).toBe(before);
  });
});

test.describe("limits and abuse", () => {
  // Using up a minute's limit is 61 requests; on a busy machine that takes a while.
  test.describe.configure({ timeout: 120_000 });
  // The hard limit counts per clock minute: if the minute turns between
  // using it up and sending the form, the form's report is stored instead;
  // then the reporter simply tries again.
  async function sendWhileLimited(page: Page, request: APIRequestContext, locale: "en" | "ur", fill: { place: string; service: string }) {
    const form = new ReportPage(page);
    for (let attempt = 0; attempt < 3; attempt++) {
      await exhaustMinute(request);
      await form.open(locale);
      await form.fill({ ...fill, isp: "jazz", connection: "mobile", problem: "slow" });
      await form.submit();
      await expect(page.getByTestId("rate-limited").or(form.confirmation())).toBeVisible();
      if (await page.getByTestId("rate-limited").isVisible()) return;
    }
    throw new Error("the form was never refused");
  }

  test("the report form says so in English when a connection has sent too many reports", async ({ page, request }) => {
    await sendWhileLimited(page, request, "en", { place: "Lahore", service: "whatsapp" });
    await expect(page.getByTestId("rate-limited")).toContainText("Too many reports have come from your connection");
    await expect(new ReportPage(page).confirmation()).toHaveCount(0);
    await screenshots(page, "report-rate-limited");
  });

  test("the report form says so in Urdu when a connection has sent too many reports", async ({ page, request }) => {
    await sendWhileLimited(page, request, "ur", { place: "لاہور", service: "youtube" });
    await expect(page.getByTestId("rate-limited")).toContainText("بہت زیادہ رپورٹیں");
    await screenshots(page, "ur-report-rate-limited");
  });

  test.describe("on the light page", () => {
    test.use({ javaScriptEnabled: false });

    test("a refused report answers 429 with Retry-After and says so in Urdu", async ({ page, request }) => {
      let response: Response | undefined;
      // As above: a minute that turns in between lets the report through; try again.
      for (let attempt = 0; attempt < 3 && response?.status() !== 429; attempt++) {
        await exhaustMinute(request);
        await page.goto("/ur/lite");
        await page.locator("#area").selectOption("lahore");
        await page.locator("#isp").selectOption("jazz");
        await page.locator("input[name=connection][value=mobile]").check();
        await page.locator("#service").selectOption("whatsapp");
        await page.locator("input[name=problem][value=slow]").check();
        [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.locator("button[type=submit]").click()]);
      }
      expect(response!.status()).toBe(429);
      expect(Number(response!.headers()["retry-after"])).toBeGreaterThan(0);
      await expect(page.getByTestId("rate-limited")).toContainText("بہت زیادہ رپورٹیں");
      await screenshots(page, "ur-lite-rate-limited");
    });

    test("the same report again within half an hour is kept but counted once, and the page says so", async ({ page }) => {
      const before = await freshTotal(page);
      for (const round of [1, 2]) {
        await page.goto("/lite");
        await page.locator("#area").selectOption("hyderabad");
        await page.locator("#isp").selectOption("ptcl");
        await page.locator("input[name=connection][value=fixed]").check();
        await page.locator("#service").selectOption("youtube");
        await page.locator("input[name=problem][value=slow]").check();
        await page.getByRole("button", { name: "Send report" }).click();
        await expect(page.locator("h1")).toHaveText("Thank you — your report is in");
        if (round === 1) await expect(page.locator("[data-report-status]")).toHaveCount(0);
      }
      await expect(page.locator("[data-report-status=duplicate]")).toHaveText(
        "You already reported this service in this area in the last 30 minutes; it is counted once. Your report is saved.",
      );
      await screenshots(page, "lite-duplicate");
      await expect.poll(() => freshTotal(page)).toBe(before + 1);
    });
  });
});

import { test as base, expect, type Page } from "@playwright/test";
import { serverPort } from "./servers";

// Tests stay on this machine: anything not served by the app (map tiles,
// fonts, analytics) is aborted at once instead of waited for. Each test is a
// reporter of its own: its own address (the server trusts X-Forwarded-For in
// e2e, see playwright.config.ts), so the duplicate and rate-limit rules
// (lib/abuse) see different people, as they would in the field.
export const test = base.extend<{ clientAddress: string }>({
  // The worker's own server (tests/e2e/servers.ts).
  baseURL: async ({}, use, testInfo) => {
    await use(`http://localhost:${serverPort(testInfo.parallelIndex)}`);
  },
  clientAddress: async ({}, use) => {
    await use(`10.${rand()}.${rand()}.${rand()}`);
  },
  // Both the browser's context and the `request` fixture send it.
  extraHTTPHeaders: async ({ extraHTTPHeaders, clientAddress }, use) => {
    await use({ ...extraHTTPHeaders, "x-forwarded-for": clientAddress });
  },
  context: async ({ context }, use) => {
    await context.route(/^(?!https?:\/\/(localhost|127\.0\.0\.1)[:/])/, (route) => route.abort());
    await use(context);
  },
});

const rand = () => Math.floor(Math.random() * 254) + 1;
export { expect };

/** The report form as a reporter sees it. */
export class ReportPage {
  constructor(private readonly page: Page) {}

  async open(locale: "en" | "ur") {
    await this.page.goto(locale === "en" ? "/report" : "/ur/report");
  }

  async fill(r: { place: string; isp: string; connection: string; service: string; problem: string }) {
    await this.page.locator("#field-place").fill(r.place);
    await this.page.locator("#field-isp").selectOption(r.isp);
    await this.page.locator(`input[name=connection][value=${r.connection}]`).check();
    await this.page.locator("#field-service").selectOption(r.service);
    await this.page.locator(`input[name=problem][value=${r.problem}]`).check();
  }

  submit() {
    return this.page.locator("form.report-form button[type=submit]").click();
  }

  confirmation() {
    return this.page.getByTestId("confirmation");
  }
}

/**
 * The last day's total straight from the API. An explicit window (to the
 * millisecond) is a question no reader asked before, so the answer is fresh,
 * not the shared copy that pages may show for up to 10 seconds.
 */
export async function freshTotal(page: Page): Promise<number> {
  const to = new Date(Date.now() + 60_000).toISOString();
  const from = new Date(Date.now() - 23 * 3600_000).toISOString();
  const rows = (await (await page.request.get(`/api/v1/breakdown?dimension=connection&from=${from}&to=${to}`)).json()) as { count: number }[];
  return rows.reduce((n, r) => n + r.count, 0);
}

export async function totalLast24h(page: Page): Promise<number> {
  await page.goto("/");
  return Number(await page.getByTestId("total-24h").getAttribute("data-count"));
}

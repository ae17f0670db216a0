import type { ReportBody } from "@/lib/reports/report-schema";

export const validReport = (overrides: Partial<ReportBody> = {}): ReportBody => ({
  area: "karachi-south",
  isp: "zong",
  connection: "mobile",
  service: "whatsapp",
  problem: "media_fails",
  ...overrides,
});

export function postReport(body: unknown, init: { headers?: Record<string, string>; raw?: string } = {}): Request {
  return new Request("http://localhost/api/v1/reports", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7", ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
}

export const getRequest = (path: string) => new Request(`http://localhost${path}`);

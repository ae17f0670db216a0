import { parseReport, type FieldIssue, type ParseResult } from "@/lib/reports/report-schema";

// Shared by the unit tests of the report schema (report-schema, report-time-location,
// error-messages): a fixed "now", a valid body to vary, and helpers that fail
// loudly when a report is accepted or rejected against expectations.

export const NOW = new Date("2024-11-21T12:00:00.000Z");
export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3600_000;
export const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

export const base = {
  area: "karachi-south",
  isp: "zong",
  connection: "mobile",
  service: "whatsapp",
  problem: "media_fails",
} as const;

export const body = (overrides: Record<string, unknown> = {}) => ({ ...base, ...overrides });

export function issuesOf(result: ParseResult): FieldIssue[] {
  if (result.ok) throw new Error(`expected the report to be rejected, got ${JSON.stringify(result.report)}`);
  return result.issues;
}

export function accepted(result: ParseResult) {
  if (!result.ok) throw new Error(`expected the report to be accepted, got ${JSON.stringify(result.issues)}`);
  return result.report;
}

/** The first issue is what the API reports as `error.field` / `error.code`. */
export const firstIssue = (input: unknown) => issuesOf(parseReport(input, NOW))[0];

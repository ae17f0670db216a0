"use server";

import { headers } from "next/headers";
import { env } from "@/lib/env";
import { submitReport } from "@/db/submit-report";
import { RateLimitedError, StorageUnavailableError } from "@/lib/errors";
import type { ReportStatus } from "@/lib/reports/vocabulary";
import { parseReportForm, valuesFromFormData, type FormValues } from "@/lib/reports/form-input";

export type ReportFormState =
  | { status: "idle"; values: FormValues }
  | { status: "invalid"; values: FormValues; errors: Record<string, string> }
  | { status: "unavailable"; values: FormValues }
  | { status: "rate_limited"; values: FormValues; retryAfterSeconds: number }
  | { status: "stored"; id: number; receivedAt: string; nearby: number; reportStatus: ReportStatus; duplicateWindowMinutes: number };

/** The report form's server action: works as a plain POST without JavaScript. */
export async function submitReportForm(_previous: ReportFormState, data: FormData): Promise<ReportFormState> {
  const values = valuesFromFormData(data);
  const parsed = parseReportForm(values);
  if (!parsed.ok) return { status: "invalid", values, errors: parsed.errors };
  try {
    const result = await submitReport(parsed.report, "web", await headers());
    return { status: "stored", id: result.id, receivedAt: result.receivedAt.toISOString(), nearby: result.nearby, reportStatus: result.status, duplicateWindowMinutes: env().DUPLICATE_WINDOW_MINUTES };
  } catch (error) {
    if (error instanceof StorageUnavailableError) return { status: "unavailable", values };
    if (error instanceof RateLimitedError) return { status: "rate_limited", values, retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
}

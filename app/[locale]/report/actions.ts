"use server";

import { headers } from "next/headers";
import { submitReport } from "@/db/submit-report";
import { StorageUnavailableError } from "@/lib/errors";
import { parseReportForm, valuesFromFormData, type FormValues } from "@/lib/reports/form-input";

export type ReportFormState =
  | { status: "idle"; values: FormValues }
  | { status: "invalid"; values: FormValues; errors: Record<string, string> }
  | { status: "unavailable"; values: FormValues }
  | { status: "stored"; id: number; receivedAt: string; nearby: number };

/** The report form's server action: works as a plain POST without JavaScript. */
export async function submitReportForm(_previous: ReportFormState, data: FormData): Promise<ReportFormState> {
  const values = valuesFromFormData(data);
  const parsed = parseReportForm(values);
  if (!parsed.ok) return { status: "invalid", values, errors: parsed.errors };
  try {
    const result = await submitReport(parsed.report, "web", await headers());
    return { status: "stored", id: result.id, receivedAt: result.receivedAt.toISOString(), nearby: result.nearby };
  } catch (error) {
    if (error instanceof StorageUnavailableError) return { status: "unavailable", values };
    throw error;
  }
}

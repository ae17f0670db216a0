import { resolvePlace } from "@/lib/reference/places";
import { parseReport, type FieldIssue, type ValidReport } from "@/lib/reports/report-schema";
import { reportBodyFromForm, WHEN_MINUTES, type FormValues } from "@/lib/reports/form-body";

// The report form posts plain form fields (it must work without JavaScript).
// This turns them into the API's report body and maps every issue back to
// the form field the reporter can fix.

export { FORM_FIELDS, WHEN_MINUTES, valuesFromFormData, type FormValues } from "@/lib/reports/form-body";

const API_TO_FORM: Record<string, string> = { area: "place", observedAt: "when", location: "place", speedKbps: "measure", probes: "measure" };

export type FormParse = { ok: true; report: ValidReport } | { ok: false; errors: Record<string, string> };

export function parseReportForm(values: FormValues, now: Date = new Date()): FormParse {
  const errors: Record<string, string> = {};
  let area = values.area?.trim() || undefined;
  const placeText = values.place?.trim() ?? "";
  if (!area) {
    if (!placeText) errors.place = "required";
    else {
      const match = resolvePlace(placeText);
      if (match.kind === "found") area = match.area;
      else errors.place = match.kind === "ambiguous" ? "ambiguous_place" : "unknown_place";
    }
  }
  const minutes = Number(values.when ?? "0");
  if (!(WHEN_MINUTES as readonly number[]).includes(minutes)) errors.when = "invalid";
  const body = reportBodyFromForm(values, area, now);
  const parsed = parseReport(body, now);
  if (!parsed.ok) addIssues(errors, parsed.issues);
  if (Object.keys(errors).length > 0 || !parsed.ok) return { ok: false, errors };
  return { ok: true, report: parsed.report };
}

function addIssues(errors: Record<string, string>, issues: FieldIssue[]) {
  for (const issue of issues) {
    const field = API_TO_FORM[issue.field.split(".")[0] ?? ""] ?? issue.field;
    // A place the reporter typed but we could not resolve says so already.
    errors[field] ??= issue.code;
  }
}

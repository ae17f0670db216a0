import { resolvePlace } from "@/lib/reference/places";
import { parseReport, type FieldIssue, type ValidReport } from "@/lib/reports/report-schema";

// The report form posts plain form fields (it must work without JavaScript).
// This turns them into the API's report body and maps every issue back to
// the form field the reporter can fix.

export const WHEN_MINUTES = [0, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320] as const;

export const FORM_FIELDS = ["place", "isp", "connection", "service", "problem", "when", "viaVpn", "complaintRef", "comment"] as const;
export type FormValues = Partial<Record<(typeof FORM_FIELDS)[number] | "area" | "lat" | "lon" | "clientReportId", string>>;

const API_TO_FORM: Record<string, string> = { area: "place", observedAt: "when", location: "place" };

export type FormParse = { ok: true; report: ValidReport } | { ok: false; errors: Record<string, string> };

export function valuesFromFormData(data: FormData): FormValues {
  const values: FormValues = {};
  for (const key of [...FORM_FIELDS, "area", "lat", "lon", "clientReportId"] as const) {
    const v = data.get(key);
    if (typeof v === "string") values[key] = v;
  }
  return values;
}

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
  const lat = Number(values.lat);
  const lon = Number(values.lon);
  const body: Record<string, unknown> = {
    area: area ?? "",
    isp: values.isp ?? "",
    connection: values.connection || undefined,
    service: values.service ?? "",
    problem: values.problem || undefined,
    observedAt: new Date(now.getTime() - (Number.isFinite(minutes) ? minutes : 0) * 60_000).toISOString(),
    viaVpn: values.viaVpn === "on" || values.viaVpn === "true" ? true : undefined,
    complaintRef: values.complaintRef,
    comment: values.comment,
    clientReportId: values.clientReportId || undefined,
  };
  if (values.lat && values.lon && Number.isFinite(lat) && Number.isFinite(lon)) body.location = { lat, lon };
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

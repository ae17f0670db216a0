// The report form's fields and how they become the API's report body. No
// reference data and no validation here, so the browser's offline queue can
// build the same body the server builds (lib/reports/form-input.ts) without
// shipping the gazetteer; the server validates whatever arrives.

export const WHEN_MINUTES = [0, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320] as const;

export const FORM_FIELDS = ["place", "isp", "connection", "service", "problem", "when", "viaVpn", "complaintRef", "comment", "speedKbps", "probes"] as const;
export type FormValues = Partial<Record<(typeof FORM_FIELDS)[number] | "area" | "lat" | "lon" | "clientReportId", string>>;

export function valuesFromFormData(data: FormData): FormValues {
  const values: FormValues = {};
  for (const key of [...FORM_FIELDS, "area", "lat", "lon", "clientReportId"] as const) {
    const v = data.get(key);
    if (typeof v === "string") values[key] = v;
  }
  return values;
}

/**
 * The API body for a filled form whose place is already the district `area`.
 * "When" is minutes before `now`: the moment the reporter pressed send, which
 * for a queued report is when it was made, not when it reaches the server.
 */
export function reportBodyFromForm(values: FormValues, area: string | undefined, now: Date): Record<string, unknown> {
  const minutes = Number(values.when ?? "0");
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
  // The optional measurement (components/report/connection-check.tsx) comes as
  // a number and a JSON list; whatever is not well-formed goes on as it is,
  // for the schema to refuse by name.
  if (values.speedKbps) body.speedKbps = Number.isFinite(Number(values.speedKbps)) ? Number(values.speedKbps) : values.speedKbps;
  if (values.probes) body.probes = parseJson(values.probes);
  return body;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

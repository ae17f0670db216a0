import { z } from "zod";
import { ISPS } from "@/lib/reference";
import { SignalShapeError, type Signal, type SourceClient, type SourceOptions, type SourceRequest } from "./types";

// Cloudflare Radar for Pakistan and its networks: traffic (NetFlows) plus the
// outage annotations and traffic anomalies Radar publishes. Every reference
// below is to /work/shared/research/corroboration.md.
//
// Provinces are not asked for: Radar names them by GeoNames id (`geoId`, §0.2,
// §2.2) and no verified id for a Pakistani province is known yet (§6.2).

const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"; // §2.1

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A week of hourly points per request; Radar itself takes hourly steps up to 30 days (§4.1). */
const MAX_SPAN_MS = 7 * DAY_MS;

/**
 * 1,200 requests per 5 minutes per token (4/s), and going over blocks every
 * call for five minutes (§2.6): one request per half second stays at half the
 * allowance, leaving room for anything else sharing the token.
 */
const MIN_INTERVAL_MS = 500;

/** `dateEnd` in the future is an error; OONI Explorer keeps it 30 minutes behind now (§2.4). */
const END_LAG_MS = 30 * MINUTE_MS;

/** Radar floors dates to 15 minutes anyway (§2.4); flooring here keeps the URLs stable. */
const QUANTUM_MS = 15 * MINUTE_MS;

/** The series name asked for, and so the key the series comes back under (§2.3). */
const SERIES_NAME = "all";

const floorTo = (ms: number, quantum: number) => Math.floor(ms / quantum) * quantum;
const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** [from, to) cut into consecutive windows of at most `spanMs`. */
function windows(from: number, to: number, spanMs: number): Array<[Date, Date]> {
  const out: Array<[Date, Date]> = [];
  for (let start = from; start < to; start += spanMs) out.push([new Date(start), new Date(Math.min(start + spanMs, to))]);
  return out;
}

function pakistanAsns(): number[] {
  return [...new Set(ISPS.flatMap((isp) => isp.asns))];
}

function requests(from: Date, to: Date, options: SourceOptions): SourceRequest[] {
  // Radar needs a token (§2.1); without one every call would be a 401.
  if (!options.token) return [];
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  // The token goes in a header and never in the URL, which is stored as provenance (Signal.url).
  const headers = { Authorization: `Bearer ${options.token}` };
  const end = floorTo(Math.min(to.getTime(), Date.now() - END_LAG_MS), QUANTUM_MS);
  const start = floorTo(from.getTime(), QUANTUM_MS);

  return windows(start, end, MAX_SPAN_MS).flatMap(([s, e]) => {
    const dates = `dateStart=${isoSeconds(s)}&dateEnd=${isoSeconds(e)}`;
    // MIN0_MAX as OONI Explorer asks (§4.1); values compare only within one response (§2.4).
    const flows = `${base}/radar/netflows/timeseries?name=${SERIES_NAME}&product=ALL&${dates}&aggInterval=1h&normalization=MIN0_MAX&format=json`;
    const request = (url: string, entity: string, metric: string): SourceRequest => ({ url, headers, entity, metric });
    return [
      request(`${flows}&location=PK`, "country:PK", "netflows"),
      ...pakistanAsns().map((n) => request(`${flows}&asn=${n}`, `asn:${n}`, "netflows")),
      // The outage feed is sparse and an empty list is normal (§2.4); traffic
      // anomalies are the recommended companion (§2.8). Both cover the ASNs too.
      request(`${base}/radar/annotations/outages?location=PK&${dates}&limit=100&format=json`, "country:PK", "outage"),
      request(`${base}/radar/traffic_anomalies?location=PK&${dates}&limit=100&format=json`, "country:PK", "anomaly"),
    ];
  });
}

// --- Response schemas (§2.1, §2.3) ---

/** Every response is wrapped in { success, errors, messages, result } (§2.1). */
const wrapper = z.object({
  success: z.boolean(),
  errors: z.array(z.looseObject({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() })).nullish(),
  result: z.unknown(),
});

/** Radar sends numbers as strings ("0.871752", §2.3); accept either. */
const numeric = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
    .transform(Number),
]);
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");
/** `asns` holds numbers while `asnsDetails[].asn` is a string (§2.3). */
const asnNumber = z.union([z.number().int(), z.string().regex(/^(AS)?\d+$/i).transform((s) => Number(s.replace(/^AS/i, "")))]);
const place = z.looseObject({ code: z.string(), name: z.string().optional() });
/** The SDK types say `locations` but recorded JSON says `location` (§2.3): accept both. */
const asnDetail = z.looseObject({
  asn: asnNumber,
  name: z.string().optional(),
  location: place.nullish(),
  locations: z.union([place, z.array(place)]).nullish(),
});
/** `meta.dateRange` is an object in the 2022 docs and an array in current types (§2.3). */
const dateRange = z.looseObject({ startTime: instant, endTime: instant });
const meta = z.looseObject({
  dateRange: z.union([dateRange, z.array(dateRange)]).optional(),
  aggInterval: z.string().optional(),
});
const netflowsSeries = z
  .object({ timestamps: z.array(instant), values: z.array(numeric.nullable()) })
  .refine((s) => s.timestamps.length === s.values.length, "timestamps and values differ in length");
const netflowsResult = z.looseObject({ meta: meta.optional() });

const annotation = z.looseObject({
  startDate: instant,
  endDate: instant.nullish(),
  locations: z.array(z.string()).nullish(),
  asns: z.array(asnNumber).nullish(),
  asnsDetails: z.array(asnDetail).nullish(),
  geoIds: z.array(z.union([z.string(), z.number()]).transform(String)).nullish(),
});
const annotationsResult = z.looseObject({ annotations: z.array(annotation) });

/** `endDate` is absent while an anomaly is ongoing (§2.3). */
const anomaly = z.looseObject({
  type: z.string(),
  status: z.string().optional(),
  startDate: instant,
  endDate: instant.nullish(),
  asnDetails: asnDetail.nullish(),
  locationDetails: place.nullish(),
});
const anomaliesResult = z.looseObject({ trafficAnomalies: z.array(anomaly) });

// --- Parsing ---

function check<T>(schema: z.ZodType<T>, value: unknown, url: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SignalShapeError("cloudflare", url, z.prettifyError(parsed.error));
  return parsed.data;
}

/** The seconds of one step, from `meta.aggInterval` (§2.3) or else the `aggInterval` asked for. */
const STEP_SECONDS: Record<string, number> = {
  FIFTEEN_MINUTES: 900,
  "15m": 900,
  ONE_HOUR: 3600,
  "1h": 3600,
  ONE_DAY: 86_400,
  "1d": 86_400,
  ONE_WEEK: 604_800,
  "1w": 604_800,
};

function netflowsSignals(result: unknown, request: SourceRequest): Signal[] {
  const { url } = request;
  const parsed = check(netflowsResult, result, url);
  const params = new URL(url).searchParams;
  // The series is keyed by the `name` asked for; without one Radar calls it `serie_0` (§2.3).
  const key = params.get("name") ?? "serie_0";
  const series = check(netflowsSeries, parsed[key] ?? parsed["serie_0"], url);
  const interval = parsed.meta?.aggInterval ?? params.get("aggInterval") ?? "";
  const stepSeconds = STEP_SECONDS[interval];
  if (stepSeconds === undefined) throw new SignalShapeError("cloudflare", url, `unknown aggInterval "${interval}"`);
  return series.values.flatMap((value, i) => {
    const timestamp = series.timestamps[i];
    if (value === null || timestamp === undefined) return [];
    return [signal(request, "netflows", request.entity, new Date(timestamp), stepSeconds, value)];
  });
}

/** An ongoing event (no end) lasts, for now, up to the end of the window asked for. */
function eventSpan(startDate: string, endDate: string | null | undefined, url: string): { t: Date; stepSeconds: number } {
  const t = new Date(startDate);
  const windowEnd = new URL(url).searchParams.get("dateEnd");
  const end = endDate ? new Date(endDate) : windowEnd ? new Date(windowEnd) : new Date();
  return { t, stepSeconds: Math.max(0, Math.round((end.getTime() - t.getTime()) / 1000)) };
}

/**
 * Whom an outage annotation is about: its networks when it names any, else its
 * provinces (GeoNames ids), else its countries. `asns` may be left empty while
 * `asnsDetails` lists them.
 */
function annotationEntities(a: z.infer<typeof annotation>): string[] {
  const asns = a.asns?.length ? a.asns : (a.asnsDetails ?? []).map((d) => d.asn);
  if (asns.length) return [...new Set(asns)].map((n) => `asn:${n}`);
  if (a.geoIds?.length) return a.geoIds.map((id) => `geoid:${id}`);
  return (a.locations ?? []).map((cc) => `country:${cc.toUpperCase()}`);
}

function outageSignals(result: unknown, request: SourceRequest): Signal[] {
  // An empty `annotations` list is normal (§2.4) and gives no signals.
  const { annotations } = check(annotationsResult, result, request.url);
  return annotations.flatMap((a) => {
    const { t, stepSeconds } = eventSpan(a.startDate, a.endDate, request.url);
    return annotationEntities(a).map((entity) => signal(request, "outage", entity, t, stepSeconds, 1));
  });
}

/**
 * AS and LOCATION anomalies only; ORIGIN ones concern cloud origins, not
 * Pakistan's networks (§2.2). The verified flag has no place in a Signal and is dropped.
 */
function anomalyEntity(a: z.infer<typeof anomaly>, url: string): string | null {
  const missing = (what: string) => new SignalShapeError("cloudflare", url, `${a.type} anomaly without ${what}`);
  if (a.type === "AS") {
    if (!a.asnDetails) throw missing("asnDetails");
    return `asn:${a.asnDetails.asn}`;
  }
  if (a.type === "LOCATION") {
    if (!a.locationDetails) throw missing("locationDetails");
    return `country:${a.locationDetails.code.toUpperCase()}`;
  }
  return null;
}

function anomalySignals(result: unknown, request: SourceRequest): Signal[] {
  const { trafficAnomalies } = check(anomaliesResult, result, request.url);
  return trafficAnomalies.flatMap((a) => {
    const entity = anomalyEntity(a, request.url);
    if (entity === null) return [];
    const { t, stepSeconds } = eventSpan(a.startDate, a.endDate, request.url);
    return [signal(request, "anomaly", entity, t, stepSeconds, 1)];
  });
}

function signal(request: SourceRequest, metric: string, entity: string, t: Date, stepSeconds: number, value: number): Signal {
  return { source: "cloudflare", metric, entity, t, stepSeconds, value, baseline: null, sampleSize: null, url: request.url };
}

/** Which feed a request reads: its metric, or else its path. */
function feedOf(request: SourceRequest): string {
  if (request.metric) return request.metric;
  const path = new URL(request.url).pathname;
  if (path.endsWith("/netflows/timeseries")) return "netflows";
  if (path.endsWith("/traffic_anomalies")) return "anomaly";
  return "outage";
}

function parse(body: unknown, request: SourceRequest): Signal[] {
  const wrapped = check(wrapper, body, request.url);
  if (!wrapped.success) {
    // A refusal (bad token, bad parameter) is { success: false, errors: [...] } (§2.1, §4.3).
    const messages = (wrapped.errors ?? []).map((e) => `${e.code ?? "?"} ${e.message ?? ""}`.trim());
    throw new SignalShapeError("cloudflare", request.url, `success: false: ${messages.join("; ") || "no errors given"}`);
  }
  switch (feedOf(request)) {
    case "netflows":
      return netflowsSignals(wrapped.result, request);
    case "anomaly":
      return anomalySignals(wrapped.result, request);
    default:
      return outageSignals(wrapped.result, request);
  }
}

export const cloudflare: SourceClient = {
  source: "cloudflare",
  defaultBaseUrl: DEFAULT_BASE_URL,
  maxSpanMs: MAX_SPAN_MS,
  minIntervalMs: MIN_INTERVAL_MS,
  requests,
  parse,
};


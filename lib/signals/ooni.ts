import { z } from "zod";
import { SignalShapeError, type Signal, type SourceClient, type SourceOptions, type SourceRequest } from "./types";

// OONI Probe measurements from Pakistan, per network and per day or hour: the
// share of messaging-app and VPN-site tests that looked blocked. Every reference
// below is to /work/shared/research/corroboration.md.
//
// OONI has no province dimension (§0.2), so only the country and its networks
// (the `probe_asn` OONI reports, not only reference/isps.json's) get signals.

const DEFAULT_BASE_URL = "https://api.ooni.io"; // §3.1

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** Hourly rows are allowed for ranges of up to 7 days (§3.2), so a week per request. */
const MAX_SPAN_MS = 7 * DAY_MS;

/** The default limit is 10 requests a minute per client address (§3.6). */
const MIN_INTERVAL_MS = 6_000;

/**
 * The tests asked for, one request each, so that each row's test is known
 * (`axis_y` is taken by `probe_asn`). `web_connectivity` is narrowed to the
 * Citizen Lab circumvention category, VPN sites (§3.8).
 */
const TESTS: ReadonlyArray<{ test: string; extra: string }> = [
  { test: "whatsapp", extra: "" },
  { test: "telegram", extra: "" },
  { test: "signal", extra: "" },
  { test: "facebook_messenger", extra: "" },
  { test: "web_connectivity", extra: "&category_code=ANON" },
];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * [from, to) as whole UTC days cut into weeks: `since` and `until` are dates
 * and `until` is exclusive (§3.2), so the first day is floored and the last
 * ceiled, and no week exceeds the 7 days that hourly rows allow.
 */
function dayWindows(from: Date, to: Date): Array<[string, string]> {
  const first = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  const last = Math.ceil(to.getTime() / DAY_MS) * DAY_MS;
  const out: Array<[string, string]> = [];
  for (let start = first; start < last; start += MAX_SPAN_MS) out.push([day(start), day(Math.min(start + MAX_SPAN_MS, last))]);
  return out;
}

function requests(from: Date, to: Date, options: SourceOptions): SourceRequest[] {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  // No token: OONI has no authentication (§3.1), and a token meant for another source must not travel here.
  return dayWindows(from, to).flatMap(([since, until]) =>
    TESTS.map(({ test, extra }) => ({
      // Per-day-or-hour × per-network rows, the pattern of OONI's own Pakistan reports (§3.7, §3.8).
      url:
        `${base}/api/v1/aggregation?probe_cc=PK&test_name=${test}${extra}` +
        `&since=${since}&until=${until}&axis_x=measurement_start_day&axis_y=probe_asn&time_grain=hour`,
      headers: {},
      entity: "country:PK",
      metric: test,
    })),
  );
}

// --- Response schemas (§3.3) ---

const count = z.number().int().nonnegative();
/** An integer in aggregation rows, an "AS…" string elsewhere (§3.3, §4.3): accept both. */
const probeAsn = z.union([z.number().int().nonnegative(), z.string().regex(/^(AS)?\d+$/i).transform((s) => Number(s.replace(/^AS/i, "")))]);
/** Dates are UTC (§4.3): a bare day is its midnight, an hour without a zone is read as UTC. */
function startOf(value: string): Date {
  if (value.length === 10) return new Date(`${value}T00:00:00Z`);
  return new Date(value.endsWith("Z") ? value : `${value}Z`);
}

/** "2022-03-01" with a day grain, "2021-07-09T02:00:00Z" with an hour grain (§3.3). */
const startDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$/, "not a day or an hour")
  .refine((s) => !Number.isNaN(startOf(s).getTime()), "not a valid date");

// Our requests always set `axis_x=measurement_start_day`, so a row without it
// (a 0- or 1-dimensional answer of another query) is of an unknown shape.
const row = z.looseObject({
  anomaly_count: count,
  confirmed_count: count,
  measurement_count: count,
  measurement_start_day: startDay,
  probe_asn: probeAsn.optional(),
  probe_cc: z.string().optional(),
  test_name: z.string().optional(),
});
const aggregation = z.looseObject({ result: z.array(row) });
/** Refusals, such as the 429's { "error": "quota exceeded" } (§3.6). */
const errorBody = z.looseObject({ error: z.string() });

type Row = z.infer<typeof row>;

/** The length of a row's interval: an hour when it carries a time, else the grain asked for. */
function stepSecondsOf(value: string, grain: string | null, t: Date): number {
  if (value.length > 10) return 3600;
  if (grain === "week") return 7 * 86_400;
  if (grain === "month") return (Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) - t.getTime()) / 1000;
  if (grain === "year") return (Date.UTC(t.getUTCFullYear() + 1, 0, 1) - t.getTime()) / 1000;
  return 86_400;
}

type Tally = { metric: string; entity: string; start: string; blocked: number; total: number };

function tallyOf(r: Row, metric: string, countryEntity: string): Tally {
  return {
    metric,
    entity: r.probe_asn === undefined ? (r.probe_cc ? `country:${r.probe_cc.toUpperCase()}` : countryEntity) : `asn:${r.probe_asn}`,
    start: r.measurement_start_day,
    // Anomalies and confirmed blocks are disjoint buckets of the total (§3.4).
    blocked: r.anomaly_count + r.confirmed_count,
    total: r.measurement_count,
  };
}

/**
 * The country's own tally when the rows are per network: the four buckets
 * partition each network's count (§3.4), so the per-network rows sum exactly to
 * what the country-wide query would return, without a second request against
 * the 10-a-minute limit.
 */
function countryTallies(perAsn: Tally[], countryEntity: string): Tally[] {
  const sums = new Map<string, Tally>();
  for (const t of perAsn) {
    const key = `${t.metric}\u0000${t.start}`;
    const sum = sums.get(key) ?? { ...t, entity: countryEntity, blocked: 0, total: 0 };
    sum.blocked += t.blocked;
    sum.total += t.total;
    sums.set(key, sum);
  }
  return [...sums.values()];
}

function metricOf(r: Row, params: URLSearchParams, request: SourceRequest): string | null {
  const asked = params.get("test_name");
  return r.test_name ?? (asked && !asked.includes(",") ? asked : request.metric);
}

function parse(body: unknown, request: SourceRequest): Signal[] {
  const { url } = request;
  const refused = errorBody.safeParse(body);
  if (refused.success) throw new SignalShapeError("ooni", url, `error: ${refused.data.error}`);
  const parsed = aggregation.safeParse(body);
  if (!parsed.success) throw new SignalShapeError("ooni", url, z.prettifyError(parsed.error));

  const params = new URL(url).searchParams;
  const cc = params.get("probe_cc");
  const countryEntity = cc && !cc.includes(",") ? `country:${cc.toUpperCase()}` : request.entity;
  const tallies = parsed.data.result.map((r) => {
    const metric = metricOf(r, params, request);
    if (!metric) throw new SignalShapeError("ooni", url, "a row without test_name, and no single test_name asked for");
    return tallyOf(r, metric, countryEntity);
  });
  const perAsn = tallies.filter((t) => t.entity.startsWith("asn:"));
  const all = perAsn.length === tallies.length && perAsn.length > 0 ? [...tallies, ...countryTallies(perAsn, countryEntity)] : tallies;

  const grain = params.get("time_grain");
  // No measurements, no share: a zero count is skipped, not read as 0 % blocked.
  return all
    .filter((t) => t.total > 0)
    .map((t) => {
      const start = startOf(t.start);
      return {
        source: "ooni" as const,
        metric: t.metric,
        entity: t.entity,
        t: start,
        stepSeconds: stepSecondsOf(t.start, grain, start),
        value: t.blocked / t.total,
        baseline: null,
        sampleSize: t.total,
        url,
      };
    });
}

export const ooni: SourceClient = {
  source: "ooni",
  defaultBaseUrl: DEFAULT_BASE_URL,
  maxSpanMs: MAX_SPAN_MS,
  minIntervalMs: MIN_INTERVAL_MS,
  requests,
  parse,
};


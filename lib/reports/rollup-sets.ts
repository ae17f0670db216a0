import type { Dimension } from "@/lib/filters";
import { DISTRICTS, ISPS, SERVICES } from "@/lib/reference";
import { CONNECTIONS, PROBLEMS } from "@/lib/reports/vocabulary";

/*
 * The hourly rollup (`report_counts_hourly`) keeps, per UTC hour, the counts
 * of the 5-minute rollup summed over a few combinations of dimensions — the
 * "sets". A set is a bitmask of the dimensions a row keeps; the others are
 * summed away and stored as ''. A read that filters or groups by dimensions D
 * uses the cheapest set that keeps all of D, for the whole hours of its
 * window, and the 5-minute rollup for the rest (db/queries/rollup-read.ts).
 *
 * Why these sets: every read the app makes names at most two dimensions
 * (a page's own filter plus the one it breaks down or stacks by), except the
 * founding case — services by ISP on mobile data against broadband — which
 * names three. Each set costs rows on every write, and sets that keep a
 * district are the largest, so only the district pairs that the ISP and
 * service pages read over long windows are kept (district × ISP, district ×
 * service); a district's problems or connections come from the 5-minute
 * rollup's (area, bucket) index, which reads that district's rows only.
 * ISP × service is served by ISP × service × connection (ISPs mostly sell one
 * kind of connection, so it is hardly larger). Anything else is still
 * answered exactly, from the 5-minute rollup. Measured in bench/queries.ts.
 */

export const SET_DIMENSIONS = ["area", "isp", "service", "connection", "problem"] as const satisfies readonly Dimension[];

const BIT: Record<Dimension, number> = { area: 1, isp: 2, service: 4, connection: 8, problem: 16 };

export const maskOf = (dims: Iterable<Dimension>): number => {
  let m = 0;
  for (const d of dims) m |= BIT[d];
  return m;
};

export const dimensionsOf = (mask: number): Dimension[] => SET_DIMENSIONS.filter((d) => mask & BIT[d]);

/** The sets, as bitmasks (see above). */
export const HOURLY_SETS: readonly number[] = [
  [],
  ["area"],
  ["isp"],
  ["service"],
  ["connection"],
  ["problem"],
  ["area", "isp"],
  ["area", "service"],
  ["isp", "connection"],
  ["isp", "problem"],
  ["service", "connection"],
  ["service", "problem"],
  ["connection", "problem"],
  ["isp", "service", "connection"],
].map((dims) => maskOf(dims as Dimension[])).sort((a, b) => a - b);

const CARDINALITY: Record<Dimension, number> = {
  area: DISTRICTS.length,
  isp: ISPS.length,
  service: SERVICES.length,
  connection: CONNECTIONS.length,
  problem: PROBLEMS.length,
};

/** The most rows an hour of a set can hold: the read cost the choice minimises. */
export const setSize = (mask: number) => dimensionsOf(mask).reduce((n, d) => n * CARDINALITY[d], 1);

/** The cheapest hourly set that keeps every dimension of `needed`, or undefined if none does. */
export function pickHourlySet(needed: number): number | undefined {
  let best: number | undefined;
  for (const set of HOURLY_SETS) {
    if ((set & needed) !== needed) continue;
    if (best === undefined || setSize(set) < setSize(best)) best = set;
  }
  return best;
}

export const HOUR_MS = 3_600_000;

/**
 * Splits a rollup range [from, to) — `from` on a 5-minute boundary, rows
 * counted when from ≤ bucket < to — into the whole UTC hours that lie inside
 * it (every 5-minute bucket of the hour is counted) and the edges left over.
 */
export function splitByHours(from: number, to: number): { hours: [number, number] | undefined; edges: [number, number][] } {
  const firstHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  // The hour starting at h is whole when its last bucket, h + 55 min, is < to.
  const lastBucket = 5 * 60_000;
  const endHour = Math.floor((to - 1 + lastBucket) / HOUR_MS) * HOUR_MS; // exclusive
  if (endHour <= firstHour) return { hours: undefined, edges: from < to ? [[from, to]] : [] };
  const edges: [number, number][] = [];
  if (from < firstHour) edges.push([from, firstHour]);
  if (endHour < to) edges.push([endHour, to]);
  return { hours: [firstHour, endHour], edges };
}

/*
 * The 5-minute totals (`report_totals`): national, and per service, ISP or
 * district alone — one row per 5-minute bucket and value. They serve what the
 * hourly sets cannot: windows that do not fall on whole hours (the status's
 * last 60 minutes) and 5-minute charts, for reads that name at most one of
 * these dimensions.
 */
export const TOTAL_SETS: readonly number[] = [0, BIT.area, BIT.isp, BIT.service];

/** The totals set for a read naming `needed` (a bitmask), or undefined. */
export const pickTotalSet = (needed: number): number | undefined => (TOTAL_SETS.includes(needed) ? needed : undefined);

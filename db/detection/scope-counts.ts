import { setImmediate as yieldToRequests } from "node:timers/promises";
import type { Db } from "@/db/client";
import { sumRollup, type RollupSum } from "@/db/queries/rollup-read";
import { rollupBucketExpr } from "@/db/queries/rollup-series";
import type { Dimension } from "@/lib/filters";
import { isDistrict, provinceOf } from "@/lib/reference";
import { ROWS_PACE, splitSpan, type Pace, type Range } from "@/lib/detection/pieces";
import { scopeId, type Scope } from "@/lib/detection/scopes";

export type ScopeSeries = { scope: Scope; counts: Map<number, number> };

const NO_FILTERS = { areas: [], isps: [], services: [], connections: [], problems: [] };

/** The scopes one rollup row counts in, per read: each service, ISP, province, district, service on one ISP and ISP in one district. */
const READS: { dimension: Dimension; alsoBy?: Dimension; scopes: (key: string) => Scope[] }[] = [
  { dimension: "service", scopes: (key) => [{ kind: "service", key }] },
  { dimension: "isp", scopes: (key) => [{ kind: "isp", key }] },
  {
    dimension: "area",
    scopes: (key) => {
      const province = provinceOf(key);
      return [...(province ? [{ kind: "province", key: province.slug } as Scope] : []), ...(isDistrict(key) ? [{ kind: "district", key } as Scope] : [])];
    },
  },
  { dimension: "service", alsoBy: "isp", scopes: (key) => [{ kind: "service-isp", key }] },
  { dimension: "area", alsoBy: "isp", scopes: (key) => (isDistrict(key.split("|")[0]!) ? [{ kind: "district-isp", key }] : []) },
];

/**
 * 5-minute counts of every scope detection watches over the given ranges,
 * through the same rollup reads as the charts (sumRollup; the 5-minute
 * totals serve the single-dimension scopes). Only scopes with at least one
 * report appear. Each read goes a piece of the ranges at a time
 * (lib/detection/pieces.ts), and lets waiting requests in between pieces.
 */
export async function scopeCounts(db: Db, ranges: readonly Range[], pace: Pace = ROWS_PACE): Promise<ScopeSeries[]> {
  const time = rollupBucketExpr("5m", "UTC");
  const out = new Map<string, ScopeSeries>();
  const add = (scope: Scope, r: RollupSum) => {
    const id = scopeId(scope);
    const series = out.get(id) ?? { scope, counts: new Map<number, number>() };
    const ms = new Date(r.t as Date | string).getTime();
    series.counts.set(ms, (series.counts.get(ms) ?? 0) + r.count);
    out.set(id, series);
  };
  let span = pace.first;
  // Sequential: PGlite has one connection, and on PostgreSQL the job runs in one transaction.
  for (const { dimension, alsoBy, scopes } of READS) {
    let rest: readonly Range[] = ranges;
    while (rest.length > 0) {
      const piece = splitSpan(rest, span);
      const rows = await sumRollup(db, { filters: NO_FILTERS, ranges: piece.head, time, hourly: false, dimension, alsoBy });
      for (const r of rows) for (const scope of scopes(r.key)) add(scope, r);
      span = pace.next(span, rows.length);
      rest = piece.rest;
      await yieldToRequests();
    }
  }
  return [...out.values()].sort((a, b) => scopeId(a.scope).localeCompare(scopeId(b.scope)));
}

import type { Db } from "@/db/client";
import { sumRollup } from "@/db/queries/rollup-read";
import { rollupBucketExpr } from "@/db/queries/rollup-series";
import type { Dimension } from "@/lib/filters";
import { isDistrict, provinceOf } from "@/lib/reference";
import { scopeId, type Scope } from "@/lib/detection/scopes";

export type ScopeSeries = { scope: Scope; counts: Map<number, number> };

const NO_FILTERS = { areas: [], isps: [], services: [], connections: [], problems: [] };

/**
 * 5-minute counts of every scope detection watches — each service, ISP,
 * province, district, service on one ISP and ISP in one district — over the given ranges, through the same
 * rollup reads as the charts (sumRollup; the 5-minute totals serve the
 * single-dimension scopes). Only scopes with at least one report appear.
 */
export async function scopeCounts(db: Db, ranges: readonly (readonly [number, number])[]): Promise<ScopeSeries[]> {
  const time = rollupBucketExpr("5m", "UTC");
  const read = (dimension: Dimension, alsoBy?: Dimension) =>
    sumRollup(db, { filters: NO_FILTERS, ranges, time, hourly: false, dimension, alsoBy });
  // Sequential: PGlite has one connection, and on PostgreSQL the job runs in one transaction.
  const services = await read("service");
  const isps = await read("isp");
  const districts = await read("area");
  const pairs = await read("service", "isp");
  const local = await read("area", "isp");

  const out = new Map<string, ScopeSeries>();
  const add = (scope: Scope, t: unknown, count: number) => {
    const id = scopeId(scope);
    const series = out.get(id) ?? { scope, counts: new Map<number, number>() };
    const ms = new Date(t as Date | string).getTime();
    series.counts.set(ms, (series.counts.get(ms) ?? 0) + count);
    out.set(id, series);
  };
  for (const r of services) add({ kind: "service", key: r.key }, r.t, r.count);
  for (const r of isps) add({ kind: "isp", key: r.key }, r.t, r.count);
  for (const r of districts) {
    const province = provinceOf(r.key);
    if (province) add({ kind: "province", key: province.slug }, r.t, r.count);
    if (isDistrict(r.key)) add({ kind: "district", key: r.key }, r.t, r.count);
  }
  for (const r of pairs) add({ kind: "service-isp", key: r.key }, r.t, r.count);
  for (const r of local) if (isDistrict(r.key.split("|")[0]!)) add({ kind: "district-isp", key: r.key }, r.t, r.count);
  return [...out.values()].sort((a, b) => scopeId(a.scope).localeCompare(scopeId(b.scope)));
}

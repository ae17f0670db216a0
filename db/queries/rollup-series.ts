// No "server-only" marker: the detection job (db/jobs, started by server/main.ts
// outside Next.js, where that package throws) reads through this module too.
import { sql, type AnyColumn } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sumRollup } from "@/db/queries/rollup-read";
import { reportCounts } from "@/db/schema";
import type { Dimension, Filters } from "@/lib/filters";
import { BUCKETS, floorToBucket, type Bucket } from "@/lib/reports/buckets";
import { HOUR_MS } from "@/lib/reports/rollup-sets";
import { nextDayInZone, startOfDayInZone } from "@/lib/time/zone";

/** Rollup rows summed into `bucket`s (1d: local midnights in timeZone). */
export function rollupBucketExpr(bucket: Bucket, timeZone: string) {
  return (column: AnyColumn) =>
    bucket === "1d"
      ? sql<Date>`date_trunc('day', ${column}, ${timeZone})`
      : sql<Date>`date_bin(${`${BUCKETS[bucket] / 60_000} minutes`}::interval, ${column}, timestamptz '2000-01-01T00:00:00Z')`;
}

/**
 * Whether whole UTC hours fall inside one `bucket` each, so the hourly rollup
 * can serve it: hours and days, where the zone's local midnights between
 * `from` and `to` are on the hour (Asia/Karachi: always).
 */
export function hourAligned(bucket: Bucket, timeZone: string, from: number, to: number): boolean {
  if (bucket === "5m") return false;
  if (bucket === "1h") return true;
  for (let t = startOfDayInZone(new Date(from), timeZone); t.getTime() < to; t = nextDayInZone(t, timeZone)) {
    if (t.getTime() % HOUR_MS !== 0) return false;
  }
  return true;
}

/**
 * Counts per bucket start (ms) in the filters' window, one map per value of
 * `groupBy`, or a single map under "all" without it. With `ranges`, only rollup
 * rows inside one of those [from, to) ranges (ms) as well.
 */
export async function rollupSeries(
  db: Db,
  filters: Filters,
  bucket: Bucket,
  timeZone: string,
  options: { groupBy?: Dimension; ranges?: readonly (readonly [number, number])[] } = {},
): Promise<Map<string, Map<number, number>>> {
  const { groupBy } = options;
  // The window as the rollup reads it (filters.ts): whole buckets from the one `from` falls in.
  const lo = floorToBucket(filters.from).getTime();
  const hi = filters.to.getTime();
  const ranges = (options.ranges?.length ? options.ranges : [[lo, hi] as const])
    .map(([a, b]) => [Math.max(a, lo), Math.min(b, hi)] as const)
    .filter(([a, b]) => a < b);
  const rows = await sumRollup(db, {
    filters,
    ranges,
    time: rollupBucketExpr(bucket, timeZone),
    hourly: ranges.length > 0 && hourAligned(bucket, timeZone, Math.min(...ranges.map(([a]) => a)), Math.max(...ranges.map(([, b]) => b))),
    dimension: groupBy,
  });
  const byKey = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const t = new Date(r.t as Date | string).getTime();
    const counts = byKey.get(r.key) ?? new Map<number, number>();
    counts.set(t, (counts.get(t) ?? 0) + r.count);
    byKey.set(r.key, counts);
  }
  return byKey;
}

/**
 * When the data begins: the earliest rollup bucket (ms), or null when there is
 * none. Cheap — the primary key leads with `bucket` — so it is read on every
 * call rather than cached (it moves earlier whenever a late report arrives,
 * by up to 72 hours). Global, not per filter: a filtered series that is empty
 * while other reports exist really is zero.
 */
export async function dataStart(db: Db): Promise<number | null> {
  const [row] = await db
    .select({ t: sql<number | null>`(extract(epoch from min(${reportCounts.bucket})) * 1000)::float8` })
    .from(reportCounts);
  return row?.t === null || row?.t === undefined ? null : Number(row.t);
}

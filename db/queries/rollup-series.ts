import "server-only";
import { and, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportCounts } from "@/db/schema";
import { dimensionColumn, rollupWhere } from "@/db/queries/filters";
import type { Dimension, Filters } from "@/lib/filters";
import { BUCKETS, type Bucket } from "@/lib/reports/buckets";

/** A time (ms) as a timestamptz literal parameter (the same on every driver). */
export const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/** The rollup's 5-minute rows summed into `bucket`s (1d: local midnights in timeZone). */
export function rollupBucketExpr(bucket: Bucket, timeZone: string) {
  return bucket === "1d"
    ? sql<Date>`date_trunc('day', ${reportCounts.bucket}, ${timeZone})`
    : sql<Date>`date_bin(${`${BUCKETS[bucket] / 60_000} minutes`}::interval, ${reportCounts.bucket}, timestamptz '2000-01-01T00:00:00Z')`;
}

/**
 * Counts per bucket start (ms) in the filters' window, one map per value of
 * `groupBy`, or a single map under "all" without it. With `ranges`, only rollup
 * rows inside one of those [from, to) ranges (ms) as well. One query.
 */
export async function rollupSeries(
  db: Db,
  filters: Filters,
  bucket: Bucket,
  timeZone: string,
  options: { groupBy?: Dimension; ranges?: readonly (readonly [number, number])[] } = {},
): Promise<Map<string, Map<number, number>>> {
  const { groupBy, ranges = [] } = options;
  const inRanges = or(
    ...ranges.map(([from, to]) => sql`(${reportCounts.bucket} >= ${ts(from)} and ${reportCounts.bucket} < ${ts(to)})`),
  );
  const keyExpr = groupBy ? sql<string>`${dimensionColumn(groupBy)}::text` : sql<string>`'all'`;
  const rows = await db
    .select({ t: rollupBucketExpr(bucket, timeZone).as("t"), key: keyExpr.as("key"), count: sql<number>`sum(${reportCounts.count})::int` })
    .from(reportCounts)
    .where(and(rollupWhere(filters), inRanges))
    .groupBy(sql`1`, sql`2`);
  const byKey = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const t = new Date(r.t).getTime();
    const counts = byKey.get(r.key) ?? new Map<number, number>();
    counts.set(t, (counts.get(t) ?? 0) + Number(r.count));
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

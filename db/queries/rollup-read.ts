// No "server-only" marker: the detection job (db/jobs, started by server/main.ts
// outside Next.js, where that package throws) reads through this module too.
import { and, eq, gte, inArray, lt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { reportCounts, reportCountsHourly, reportTotals, rollupPending } from "@/db/schema";
import type { Dimension, Filters } from "@/lib/filters";
import { expandAreas } from "@/lib/reference";
import { dimensionsOf, maskOf, pickHourlySet, pickTotalSet, splitByHours } from "@/lib/reports/rollup-sets";

/*
 * Every chart, breakdown and status reads its counts through here. A read
 * names time ranges (5-minute aligned starts; a rollup row counts when
 * from ≤ bucket < to), the filters' dimensions, and optionally a time key and
 * a dimension to group by. The whole UTC hours of the ranges are read from
 * the hourly rollup — the cheapest set that keeps every dimension the read
 * names (lib/reports/rollup-sets.ts) — and the edges from the 5-minute
 * totals when the read names at most one of service, ISP and district, else
 * from the 5-minute rollup; the answers are summed. The hourly rows and the
 * totals are folded in a few seconds after ingest (db/jobs/fold-rollup.ts):
 * the rows still waiting in `rollup_pending` are read in the same statement
 * as the hourly and total rows, so a fold committing meanwhile is seen whole
 * or not at all. The result is the same as reading the 5-minute rollup alone
 * (tests/integration/rollup-read.test.ts checks this), at a fraction of the
 * rows.
 */

type Table = typeof reportCounts | typeof reportCountsHourly | typeof rollupPending;

export type RollupRead = {
  filters: Pick<Filters, "areas" | "isps" | "services" | "connections" | "problems">;
  ranges: readonly (readonly [number, number])[];
  /** One value per group of rows. With hourly rows it must give every 5-minute bucket of an hour inside a range the same value. */
  time?: (bucket: AnyColumn) => SQL;
  /** False when `time` could split an hour (5-minute buckets, or local days in a zone off the whole hour): 5-minute rollup only. */
  hourly?: boolean;
  dimension?: Dimension;
  /** A second dimension to group by: `key` is then "value|value". */
  alsoBy?: Dimension;
};

export type RollupSum = { t: unknown; key: string; count: number };

/** A time (ms) as a timestamptz literal parameter (the same on every driver). */
export const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/**
 * A time key for reads over several windows: the position in `windows` of
 * the first one that holds a row's bucket. An hour inside a window lies in no
 * other (windows overlap by at most one 5-minute bucket), so hourly rows get
 * the same answer as their 5-minute ones.
 */
export const windowIndex =
  (windows: readonly { from: number; to: number }[]) =>
  (bucket: AnyColumn): SQL<number> =>
    sql<number>`case ${sql.join(
      windows.map((w, i) => sql`when ${bucket} >= ${ts(w.from)} and ${bucket} < ${ts(w.to)} then ${sql.raw(String(i))}`),
      sql` `,
    )} end`;

/** The filters' dimensions ("any of" each) on either rollup table. */
function dimensionWhere(table: Table, f: RollupRead["filters"]): SQL[] {
  const out: SQL[] = [];
  if (f.areas.length) out.push(inArray(table.area, expandAreas(f.areas)));
  if (f.isps.length) out.push(inArray(table.isp, f.isps));
  if (f.services.length) out.push(inArray(table.service, f.services));
  if (f.connections.length) out.push(inArray(table.connection, f.connections));
  if (f.problems.length) out.push(inArray(table.problem, f.problems));
  return out;
}

const namedDimensions = (read: Pick<RollupRead, "filters" | "dimension" | "alsoBy">): Dimension[] => {
  const f = read.filters;
  const dims: Dimension[] = [];
  if (f.areas.length) dims.push("area");
  if (f.isps.length) dims.push("isp");
  if (f.services.length) dims.push("service");
  if (f.connections.length) dims.push("connection");
  if (f.problems.length) dims.push("problem");
  if (read.dimension) dims.push(read.dimension);
  if (read.alsoBy) dims.push(read.alsoBy);
  return dims;
};

/**
 * Where each range is read from: whole hours from the hourly set `set`; the
 * rest (`edges`) from the 5-minute totals set `totals` when one keeps what
 * the read names, else from the 5-minute rollup.
 */
export function planRead(read: RollupRead): {
  set: number | undefined;
  totals: number | undefined;
  hours: [number, number][];
  edges: [number, number][];
} {
  const needed = maskOf(namedDimensions(read));
  const set = read.hourly === false ? undefined : pickHourlySet(needed);
  const totals = pickTotalSet(needed);
  const hours: [number, number][] = [];
  const edges: [number, number][] = [];
  for (const [from, to] of read.ranges) {
    if (!(from < to)) continue;
    if (set === undefined) {
      edges.push([from, to]);
      continue;
    }
    const split = splitByHours(from, to);
    if (split.hours) hours.push(split.hours);
    edges.push(...split.edges);
  }
  return { set, totals, hours, edges };
}

const inRangesOf = (bucket: AnyColumn, ranges: [number, number][]): SQL | undefined => {
  const lo = Math.min(...ranges.map(([a]) => a));
  const hi = Math.max(...ranges.map(([, b]) => b));
  const any = ranges.length > 1 ? or(...ranges.map(([a, b]) => and(gte(bucket, new Date(a)), lt(bucket, new Date(b))))) : undefined;
  return and(sql`${bucket} >= ${ts(lo)}`, sql`${bucket} < ${ts(hi)}`, any);
};

/** The read on `report_totals`: `key` is the one dimension the set keeps. */
function selectTotals(db: Db, read: RollupRead, dims: number, ranges: [number, number][]) {
  const t = reportTotals;
  const kept = dimensionsOf(dims)[0];
  const f = read.filters;
  const values = kept === "area" ? expandAreas(f.areas) : kept === "isp" ? f.isps : kept === "service" ? f.services : [];
  const time = read.time ? read.time(t.bucket) : sql`null`;
  const key = read.dimension ? sql<string>`${t.key}` : sql<string>`'all'`;
  return db
    .select({ t: time.as("t"), key: key.as("key"), count: sql<number>`sum(${t.count})::int`.as("count") })
    .from(t)
    .where(and(eq(t.dims, dims), inRangesOf(t.bucket, ranges), values.length ? inArray(t.key, values) : undefined))
    .groupBy(sql`1`, sql`2`);
}

function select(db: Db, table: Table, read: RollupRead, ranges: [number, number][], extra: SQL[]) {
  const where = and(...extra, inRangesOf(table.bucket, ranges), ...dimensionWhere(table, read.filters));
  const t = read.time ? read.time(table.bucket) : sql`null`;
  const key = !read.dimension
    ? sql<string>`'all'`
    : read.alsoBy
      ? sql<string>`${table[read.dimension]}::text || '|' || ${table[read.alsoBy]}::text`
      : sql<string>`${table[read.dimension]}::text`;
  return db
    .select({ t: t.as("t"), key: key.as("key"), count: sql<number>`sum(${table.count})::int`.as("count") })
    .from(table)
    .where(where)
    .groupBy(sql`1`, sql`2`);
}

/** Counted reports per (time key, dimension value), summed over the rollups. */
export async function sumRollup(db: Db, read: RollupRead): Promise<RollupSum[]> {
  const plan = planRead(read);
  const fromHours = plan.set !== undefined && plan.hours.length > 0;
  const fromTotals = plan.edges.length > 0 && plan.totals !== undefined;
  // The hourly and total rows, and what is still pending for their ranges:
  // one statement, one snapshot.
  const folded: [number, number][] = [...(fromHours ? plan.hours : []), ...(fromTotals ? plan.edges : [])];
  const parts = [
    ...(fromHours ? [select(db, reportCountsHourly, read, plan.hours, [sql`${reportCountsHourly.dims} = ${plan.set}`])] : []),
    ...(fromTotals ? [selectTotals(db, read, plan.totals!, plan.edges)] : []),
  ];
  const coarse =
    parts.length > 0
      ? db.execute(sql.join([...parts, select(db, rollupPending, read, folded, [])].map((q) => sql`(${q})`), sql` union all `)).then((r) => rowsOf<RollupSum>(r))
      : undefined;
  const [fromCoarse, fromFive] = await Promise.all([
    coarse ?? [],
    plan.edges.length > 0 && plan.totals === undefined ? select(db, reportCounts, read, plan.edges, []) : [],
  ]);
  const out = new Map<string, RollupSum>();
  for (const r of [...fromCoarse, ...fromFive]) {
    const id = `${r.t instanceof Date ? r.t.getTime() : String(r.t)}|${r.key}`;
    const seen = out.get(id);
    if (seen) seen.count += Number(r.count);
    else out.set(id, { t: r.t, key: r.key, count: Number(r.count) });
  }
  // A voided report leaves rows that sum to nothing (its +1 and the −1 of the
  // voiding, db/moderation/void-report.ts): drop them, so a breakdown or map
  // never lists a value with no reports, exactly as counting the reports would.
  return [...out.values()].filter((r) => r.count !== 0);
}

import { and, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports } from "@/db/schema";
import {
  baselinesForSeries,
  computeBaseline,
  DAY_MS,
  FALLBACK_DAYS,
  HOUR_MS,
  mergeRanges,
  sampleRanges,
  WEEKS,
  WEEK_MS,
} from "@/lib/detection/baseline";
import type { Filters } from "@/lib/filters";
import { expandAreas } from "@/lib/reference";
import { BUCKETS, floorToBucket, ROLLUP_BUCKET_MS, type Bucket } from "@/lib/reports/buckets";
import { GOAL_MS, ONLY, STATUS_LABEL, STATUS_MINUTES, TIME_ZONE } from "@/bench/queries/options";
import { rowsOf } from "@/bench/queries/targets";

// The cases measured: each real query (timeline, breakdown, status) for each
// window and filter set, with the same answer counted straight from the raw
// reports.
//
// The query modules import "server-only": import this module only
// dynamically, after bench/queries.ts has registered its shim.
const { getTimeline, bucketStarts } = await import("@/db/queries/timeline");
const { getBreakdown } = await import("@/db/queries/breakdown");
const statusModule = await import("@/db/queries/status").catch(() => undefined);

export type FilterSet = { label: string; apply: Partial<Filters> };
export const FILTER_SETS: FilterSet[] = [
  { label: "none", apply: {} },
  { label: "isp=zong, connection=mobile", apply: { isps: ["zong"], connections: ["mobile"] } },
  { label: "area=sindh", apply: { areas: ["sindh"] } },
];
const WINDOWS = [
  { label: "24 h", ms: DAY_MS, bucket: "1h" as Bucket },
  { label: "30 d", ms: 30 * DAY_MS, bucket: "1d" as Bucket },
];

export const filtersFor = (set: FilterSet, from: Date, to: Date): Filters => ({
  from,
  to,
  areas: [],
  isps: [],
  services: [],
  connections: [],
  problems: [],
  ...set.apply,
});

/** A comparable answer: keys → numbers, compared exactly. */
export type Answer = Map<string, number>;

export type Case = {
  query: string;
  window: string;
  filters: string;
  goal: number;
  rollup: () => Promise<Answer>;
  raw: () => Promise<Answer>;
};

const ceil5 = (ms: number) => Math.ceil(ms / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/**
 * The raw equivalent of the rollup's window conditions: a rollup row of
 * bucket b = floor5(observed_at) has b >= a exactly when observed_at >=
 * ceil5(a), and b < z exactly when observed_at < ceil5(z).
 */
export function rawWhere(f: Filters, ranges: readonly (readonly [number, number])[] = []): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    sql`${reports.status} = 'counted'`,
    sql`${reports.observedAt} >= ${at(floorToBucket(f.from).getTime())}`,
    sql`${reports.observedAt} < ${at(ceil5(f.to.getTime()))}`,
  ];
  if (ranges.length) {
    conditions.push(or(...ranges.map(([a, z]) => sql`(${reports.observedAt} >= ${at(ceil5(a))} and ${reports.observedAt} < ${at(ceil5(z))})`)));
  }
  if (f.areas.length) conditions.push(inArray(reports.area, expandAreas(f.areas)));
  if (f.isps.length) conditions.push(inArray(reports.isp, f.isps));
  if (f.services.length) conditions.push(inArray(reports.service, f.services));
  if (f.connections.length) conditions.push(inArray(reports.connection, f.connections));
  if (f.problems.length) conditions.push(inArray(reports.problem, f.problems));
  return and(...conditions);
}

/** The first 5-minute bucket with a counted report (the raw side's dataStart). */
async function rawDataStart(db: Db): Promise<number | null> {
  const [row] = await rowsOf<{ t: number | null }>(
    db,
    sql`select (extract(epoch from min(observed_at)) * 1000)::float8 as t from reports where status = 'counted'`,
  );
  return row?.t === null || row?.t === undefined ? null : floorToBucket(new Date(Number(row.t))).getTime();
}

function timelineCase(db: Db, f: Filters, bucket: Bucket): { rollup: () => Promise<Answer>; raw: () => Promise<Answer> } {
  const rollup = async () => {
    const t = await getTimeline(db, f, bucket, { timeZone: TIME_ZONE });
    const out: Answer = new Map();
    let total = 0;
    for (const p of t.series[0]?.points ?? []) {
      out.set(`count@${p.t}`, p.count);
      total += p.count;
    }
    for (const b of t.baseline) {
      out.set(`expected@${b.t}`, b.expected);
      out.set(`upper@${b.t}`, b.upper ?? -1);
    }
    out.set("total", total);
    return out;
  };
  // The same buckets getTimeline reads (the window and its baseline samples),
  // counted straight from the reports.
  const raw = async () => {
    const starts = bucketStarts(f.from, f.to, bucket, TIME_ZONE);
    const targets = starts.map((s) => s.getTime());
    const first = targets[0]!;
    const bucketMs = bucket === "1d" ? DAY_MS : BUCKETS[bucket];
    let daysBefore: ((t: number, days: number) => number | undefined) | undefined;
    if (bucket === "1d") {
      const days = [...bucketStarts(new Date(first - WEEKS * WEEK_MS), new Date(first), bucket, TIME_ZONE).map((d) => d.getTime()), ...targets];
      const index = new Map(days.map((t, i) => [t, i]));
      daysBefore = (t, d) => {
        const i = index.get(t);
        return i === undefined ? undefined : days[i - d];
      };
    }
    const samples = sampleRanges({ targets, bucketMs, daysBefore, slackMs: bucket === "1d" ? HOUR_MS : 0 });
    const ranges = mergeRanges([...samples, [first, f.to.getTime()]]);
    const bucketExpr =
      bucket === "1d"
        ? sql`date_trunc('day', ${reports.observedAt}, ${TIME_ZONE})`
        : sql`date_bin(${`${BUCKETS[bucket] / 60_000} minutes`}::interval, ${reports.observedAt}, timestamptz '2000-01-01T00:00:00Z')`;
    const [rows, start] = await Promise.all([
      rowsOf<{ t: string | Date; n: number }>(
        db,
        sql`select ${bucketExpr} as t, count(*)::int as n from ${reports}
            where ${rawWhere({ ...f, from: new Date(ranges[0]![0]) }, ranges)} group by 1`,
      ),
      rawDataStart(db),
    ]);
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(new Date(r.t).getTime(), Number(r.n));
    const out: Answer = new Map();
    let total = 0;
    for (const s of starts) {
      const n = counts.get(s.getTime()) ?? 0;
      out.set(`count@${s.toISOString()}`, n);
      total += n;
    }
    for (const b of baselinesForSeries({ counts, bucketMs, dataStart: start, targets, daysBefore })) {
      out.set(`expected@${new Date(b.t).toISOString()}`, b.expected);
      out.set(`upper@${new Date(b.t).toISOString()}`, b.upper ?? -1);
    }
    out.set("total", total);
    return out;
  };
  return { rollup, raw };
}

function breakdownCase(db: Db, f: Filters): { rollup: () => Promise<Answer>; raw: () => Promise<Answer> } {
  const toAnswer = (rows: { key: string; count: number }[]) => {
    const out: Answer = new Map(rows.map((r) => [r.key, r.count]));
    out.set("total", rows.reduce((n, r) => n + r.count, 0));
    return out;
  };
  return {
    rollup: async () => toAnswer(await getBreakdown(db, f, "service")),
    raw: async () => {
      const rows = await rowsOf<{ key: string; n: number; total: string }>(
        db,
        sql`select ${reports.service}::text as key, count(*)::int as n, (sum(count(*)) over ())::bigint as total
            from ${reports} where ${rawWhere(f)} group by 1 order by 2 desc, 1 limit 100`,
      );
      return toAnswer(rows.map((r) => ({ key: r.key, count: Number(r.n) })));
    },
  };
}

function statusCase(db: Db, f: Filters, windowMinutes: number): { rollup: () => Promise<Answer>; raw: () => Promise<Answer> } {
  const toAnswer = (rows: { key: string; current: number; expected: number; upper: number | null }[]) => {
    const out: Answer = new Map();
    let total = 0;
    for (const r of rows) {
      out.set(`current:${r.key}`, r.current);
      out.set(`expected:${r.key}`, r.expected);
      out.set(`upper:${r.key}`, r.upper ?? -1);
      total += r.current;
    }
    out.set("total", total);
    return out;
  };
  const now = f.to.getTime();
  return {
    rollup: async () => toAnswer(await statusModule!.getStatuses(db, f, "service", { now: f.to, windowMinutes })),
    // The current window and the same window 1–4 weeks and 1–6 days back,
    // as getStatuses reads them, counted straight from the reports.
    raw: async () => {
      const from = floorToBucket(new Date(now - windowMinutes * 60_000)).getTime();
      const offsets = [0, ...Array.from({ length: WEEKS }, (_, i) => (i + 1) * WEEK_MS), ...Array.from({ length: FALLBACK_DAYS }, (_, i) => (i + 1) * DAY_MS)];
      const windows = offsets.map((off) => [from - off, now - off] as const);
      const inWindow = ([a, z]: readonly [number, number]) => sql`(${reports.observedAt} >= ${at(ceil5(a))} and ${reports.observedAt} < ${at(ceil5(z))})`;
      const which = sql.join(windows.map((w, i) => sql`when ${inWindow(w)} then ${sql.raw(String(i))}`), sql` `);
      const oldest = Math.min(...windows.map((w) => w[0]));
      const [rows, start] = await Promise.all([
        rowsOf<{ key: string; w: number; n: number }>(
          db,
          sql`select ${reports.service}::text as key, case ${which} end as w, count(*)::int as n from ${reports}
              where ${rawWhere({ ...f, from: new Date(oldest), to: new Date(now) }, windows)} group by 1, 2`,
        ),
        rawDataStart(db),
      ]);
      const perKey = new Map<string, number[]>();
      for (const r of rows) {
        const counts = perKey.get(r.key) ?? new Array<number>(windows.length).fill(0);
        counts[Number(r.w)] = Number(r.n);
        perKey.set(r.key, counts);
      }
      const history = (counts: number[], i: number) => (start !== null && windows[i]![1] > start ? counts[i] : undefined);
      const out: { key: string; current: number; expected: number; upper: number | null }[] = [];
      for (const [key, counts] of perKey) {
        const b = computeBaseline({
          weekly: Array.from({ length: WEEKS }, (_, i) => history(counts, 1 + i)),
          daily: Array.from({ length: FALLBACK_DAYS }, (_, i) => history(counts, 1 + WEEKS + i)),
        });
        const current = counts[0] ?? 0;
        if (current <= 0 && b.expected <= 0) continue;
        out.push({ key, current, expected: b.expected, upper: b.upper });
      }
      return toAnswer(out);
    },
  };
}

export function casesFor(db: Db, now: Date): Case[] {
  const out: Case[] = [];
  for (const w of WINDOWS) {
    for (const set of FILTER_SETS) {
      const f = filtersFor(set, new Date(now.getTime() - w.ms), now);
      const base = { window: w.label, filters: set.label, goal: GOAL_MS[w.label]! };
      out.push({ query: `timeline ${w.bucket}`, ...base, ...timelineCase(db, f, w.bucket) });
      out.push({ query: "breakdown service", ...base, ...breakdownCase(db, f) });
    }
  }
  if (statusModule) {
    // Status ignores the filters' window (only its end, "now", counts): it
    // compares the last STATUS_MINUTES with the same window 1–4 weeks and 1–6
    // days back, so 24 h and 30 d views run the same query — measured once.
    for (const set of FILTER_SETS) {
      const f = filtersFor(set, new Date(now.getTime() - DAY_MS), now);
      out.push({ query: "status service", window: STATUS_LABEL, filters: set.label, goal: GOAL_MS["24 h"]!, ...statusCase(db, f, STATUS_MINUTES) });
    }
  } else {
    console.warn("db/queries/status.ts not found: status not measured");
  }
  return out.filter((c) => !ONLY || ONLY.some((o) => `${c.query} ${c.window} ${c.filters}`.includes(o)));
}

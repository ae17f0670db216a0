import "server-only";
import type { Db } from "@/db/client";
import { dataStart, rollupSeries } from "@/db/queries/rollup-series";
import type { Dimension, Filters } from "@/lib/filters";
import { baselinesForSeries, DAY_MS, HOUR_MS, mergeRanges, sampleRanges, WEEKS, WEEK_MS, type BaselineMethod } from "@/lib/detection/baseline";
import { BUCKETS, floorToBucket, type Bucket } from "@/lib/reports/buckets";
import { nextDayInZone, startOfDayInZone } from "@/lib/time/zone";

export type TimelinePoint = { t: string; count: number };
export type TimelineSeries = { key: string; points: TimelinePoint[] };
/** The typical volume for a bucket (lib/detection/baseline.ts); upper is null without a baseline. */
export type TimelineBaselinePoint = { t: string; expected: number; upper: number | null; method: BaselineMethod };
export type Timeline = {
  bucket: Bucket;
  timeZone: string;
  series: TimelineSeries[];
  baseline: TimelineBaselinePoint[];
};

/** Bucket starts covering [from, to): fixed steps, or local midnights for 1d. */
export function bucketStarts(from: Date, to: Date, bucket: Bucket, timeZone: string): Date[] {
  const out: Date[] = [];
  if (bucket === "1d") {
    for (let t = startOfDayInZone(from, timeZone); t < to; t = nextDayInZone(t, timeZone)) out.push(t);
  } else {
    const step = BUCKETS[bucket];
    for (let t = floorToBucket(from, step).getTime(); t < to.getTime(); t += step) out.push(new Date(t));
  }
  return out;
}

/**
 * Reports per bucket from the rollup, optionally one series per value of a
 * dimension, and (unless `baseline: false`) the typical volume of every
 * bucket. The baseline is always of the filtered total, also with groupBy.
 */
export async function getTimeline(
  db: Db,
  filters: Filters,
  bucket: Bucket,
  options: { groupBy?: Dimension; timeZone: string; baseline?: boolean },
): Promise<Timeline> {
  const { groupBy, timeZone } = options;
  const starts = bucketStarts(filters.from, filters.to, bucket, timeZone);
  const targets = starts.map((s) => s.getTime());
  const first = targets[0];
  const withBaseline = (options.baseline ?? true) && first !== undefined;
  const bucketMs = bucket === "1d" ? DAY_MS : BUCKETS[bucket];

  // Local days: "d days before" is d places back in the list of local
  // midnights, which starts at or before first − 28 × 24 h — exact across a
  // DST change. Fixed buckets: d × 24 h (lib/detection/baseline.ts).
  let daysBefore: ((t: number, days: number) => number | undefined) | undefined;
  if (withBaseline && bucket === "1d") {
    const days = [...bucketStarts(new Date(first - WEEKS * WEEK_MS), new Date(first), bucket, timeZone).map((d) => d.getTime()), ...targets];
    const index = new Map(days.map((t, i) => [t, i]));
    daysBefore = (t, d) => {
      const i = index.get(t);
      return i === undefined ? undefined : days[i - d];
    };
  }
  // Only the buckets the baseline reads (the previous 6 days and 1–4 weeks
  // back), not all four weeks; a local day may last 25 hours.
  const samples = withBaseline ? sampleRanges({ targets, bucketMs, daysBefore, slackMs: bucket === "1d" ? HOUR_MS : 0 }) : [];
  const windowFrom = starts[0] ?? filters.from;

  // Without groupBy one query serves the series and its baseline; with
  // groupBy a second one sums the filtered total over the sample buckets.
  const mainRanges = withBaseline && !groupBy ? mergeRanges([...samples, [windowFrom.getTime(), filters.to.getTime()]]) : [];
  const [byKey, totals, start] = await Promise.all([
    rollupSeries(db, { ...filters, from: new Date(mainRanges[0]?.[0] ?? windowFrom.getTime()) }, bucket, timeZone, { groupBy, ranges: mainRanges }),
    withBaseline && groupBy && samples.length > 0
      ? rollupSeries(db, { ...filters, from: new Date(samples[0]![0]), to: new Date(samples[samples.length - 1]![1]) }, bucket, timeZone, { ranges: samples })
      : undefined,
    withBaseline ? dataStart(db) : null,
  ]);

  if (!groupBy && byKey.size === 0) byKey.set("all", new Map());
  const inWindow = (m: Map<number, number>) => targets.reduce((n, t) => n + (m.get(t) ?? 0), 0);
  const series = [...byKey.entries()]
    .map(([key, counts]) => ({ key, counts, total: inWindow(counts) }))
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
    .map(({ key, counts }) => ({
      key,
      points: starts.map((s) => ({ t: s.toISOString(), count: counts.get(s.getTime()) ?? 0 })),
    }));

  const counts = (groupBy ? totals?.get("all") : byKey.get("all")) ?? new Map<number, number>();
  const baseline: TimelineBaselinePoint[] = withBaseline
    ? baselinesForSeries({ counts, bucketMs, dataStart: start, targets, daysBefore }).map((b) => ({
        t: new Date(b.t).toISOString(),
        expected: b.expected,
        upper: b.upper,
        method: b.method,
      }))
    : [];
  return { bucket, timeZone, series, baseline };
}

/*
 * Expected volume ("typical") and its upper bound for one time bucket.
 *
 * How the baseline is computed (quoted on the methodology page):
 *
 * 1. History. For a bucket (say Tuesday 14:00–15:00) we look at the same
 *    bucket 1, 2, 3 and 4 weeks earlier: the same hour of the same weekday,
 *    so the weekly rhythm (evenings busier than nights, weekends unlike
 *    weekdays) is part of the comparison. A week that predates the first
 *    report this database holds is not history at all and is left out — it
 *    is not counted as zero.
 *
 * 2. Weekly baseline, when at least 3 of those 4 weeks exist:
 *      expected = the median of the weekly counts;
 *      spread   = 1.4826 × MAD (median absolute deviation from the median;
 *                 the factor makes it comparable to a standard deviation);
 *      upper    = expected + max(3 × spread, 3 × √max(expected, 1), 3).
 *    The median and MAD are robust: one bad week (an earlier outage, a flood
 *    of reports) barely moves them, where a mean would be dragged along. The
 *    √ term is the noise of counting (Poisson) — without it a perfectly flat
 *    history (spread 0) would make every extra report an anomaly; the
 *    constant 3 keeps tiny counts sane (from 0 typical, 4 reports is above
 *    the band, 3 is not).
 *
 * 3. Daily fallback, when fewer than 3 weeks exist (a new deployment): the
 *    same bucket on each of the previous 6 days, if at least 3 of them exist,
 *    with the same formulas. This ignores the weekly rhythm (a Friday is
 *    compared with the days before it, not with earlier Fridays), so it is
 *    marked "daily-fallback".
 *
 * 4. Otherwise there is no baseline (method "none"): expected is 0 and there
 *    is no upper bound; charts draw no band and the status reads "not enough
 *    history".
 *
 * Offsets are exact multiples of 24 h. For hourly and 5-minute buckets that is
 * exact in every zone; for daily buckets it is exact in a zone without
 * daylight saving (Asia/Karachi has none since 2009). Where a zone does change
 * its clocks, a caller with calendar-day buckets passes `daysBefore` to
 * baselinesForSeries (db/queries/timeline.ts does) so the sample is the same
 * local day a week earlier, not an hour off it.
 */

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** How many weeks back the weekly baseline looks. */
export const WEEKS = 4;
/** How many days back the daily fallback looks. */
export const FALLBACK_DAYS = 6;
/** The least number of samples either method needs. */
export const MIN_SAMPLES = 3;
/** Upper bound = expected + K × (the largest of the three margins). */
export const K = 3;
/** Scales the MAD to a standard deviation for normally distributed data. */
export const MAD_SCALE = 1.4826;
/** The least margin between expected and upper, in reports. */
export const MIN_MARGIN = 3;

export type BaselineMethod = "weekly" | "daily-fallback" | "none";

export type Baseline = {
  /** Typical count for the bucket (the median of the samples). 0 when method is "none". */
  expected: number;
  /** Above this the count is unusual; null when there is no baseline. */
  upper: number | null;
  /** How many history samples the baseline rests on. */
  samples: number;
  method: BaselineMethod;
};

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation from `center` (default: the median). */
export function mad(values: readonly number[], center: number = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}

/** expected + max(K × 1.4826 × MAD, K × √max(expected, 1), MIN_MARGIN), and the median. */
export function robustBand(samples: readonly number[]): { expected: number; upper: number } {
  const expected = median(samples);
  const spread = MAD_SCALE * mad(samples, expected);
  const margin = Math.max(K * spread, K * Math.sqrt(Math.max(expected, 1)), MIN_MARGIN);
  return { expected, upper: expected + margin };
}

const present = (xs: readonly (number | undefined)[] | undefined) =>
  (xs ?? []).filter((x): x is number => x !== undefined && Number.isFinite(x));

/**
 * The baseline for one bucket from its history.
 * `weekly[i]` is the count of the same bucket i + 1 weeks earlier, `daily[i]`
 * of the same bucket i + 1 days earlier; `undefined` means "no history" (the
 * sample predates the data), which is not the same as 0.
 */
export function computeBaseline(history: {
  weekly: readonly (number | undefined)[];
  daily?: readonly (number | undefined)[];
}): Baseline {
  const weekly = present(history.weekly);
  if (weekly.length >= MIN_SAMPLES) return { ...robustBand(weekly), samples: weekly.length, method: "weekly" };
  const daily = present(history.daily);
  if (daily.length >= MIN_SAMPLES) return { ...robustBand(daily), samples: daily.length, method: "daily-fallback" };
  return { expected: 0, upper: null, samples: 0, method: "none" };
}

export type SeriesBaselineInput = {
  /** Count per bucket, keyed by bucket start (ms); a missing bucket counts 0. */
  counts: ReadonlyMap<number, number>;
  /** Bucket length in ms (for daily buckets 24 h, even on a 23- or 25-hour day). */
  bucketMs: number;
  /**
   * When the data begins (ms): a sample bucket that ends at or before it
   * predates the data and is no history. null/undefined: there is no data.
   */
  dataStart: number | null | undefined;
  /** Bucket starts (ms) to compute the baseline for. */
  targets: readonly number[];
  /**
   * The start of the bucket `days` days before the bucket starting at `t`,
   * or undefined when unknown. Default: t − days × 24 h. Calendar-day buckets
   * in a zone with daylight saving pass their own.
   */
  daysBefore?: (t: number, days: number) => number | undefined;
};

const exactDaysBefore = (t: number, days: number) => t - days * DAY_MS;
/** Days back of every sample: 1..6 (fallback), then 7, 14, 21, 28 (weekly). */
const SAMPLE_DAYS = [...Array.from({ length: FALLBACK_DAYS }, (_, i) => i + 1), ...Array.from({ length: WEEKS }, (_, i) => 7 * (i + 1))];

/** computeBaseline for every target bucket of a series of counts. */
export function baselinesForSeries(input: SeriesBaselineInput): (Baseline & { t: number })[] {
  const { counts, bucketMs, dataStart, targets } = input;
  const back = input.daysBefore ?? exactDaysBefore;
  const sample = (t: number, days: number): number | undefined => {
    const start = back(t, days);
    if (start === undefined || dataStart === null || dataStart === undefined) return undefined;
    if (start + bucketMs <= dataStart) return undefined;
    return counts.get(start) ?? 0;
  };
  return targets.map((t) => {
    const weekly = Array.from({ length: WEEKS }, (_, i) => sample(t, 7 * (i + 1)));
    const daily = Array.from({ length: FALLBACK_DAYS }, (_, i) => sample(t, i + 1));
    return { t, ...computeBaseline({ weekly, daily }) };
  });
}

/**
 * The time ranges [from, to) (ms, merged, oldest first) that hold every
 * sample bucket baselinesForSeries reads for these targets, so a caller can
 * fetch only those instead of the whole four weeks. `slackMs` widens each
 * range at its end (a 25-hour local day for daily buckets); a bucket only
 * partly fetched is never one that is read.
 */
export function sampleRanges(input: {
  targets: readonly number[];
  bucketMs: number;
  daysBefore?: SeriesBaselineInput["daysBefore"];
  slackMs?: number;
}): [number, number][] {
  const back = input.daysBefore ?? exactDaysBefore;
  const spans: [number, number][] = [];
  for (const t of input.targets) {
    for (const days of SAMPLE_DAYS) {
      const start = back(t, days);
      if (start !== undefined) spans.push([start, start + input.bucketMs + (input.slackMs ?? 0)]);
    }
  }
  return mergeRanges(spans);
}

/** Sorts and merges overlapping or touching [from, to) ranges. */
export function mergeRanges(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of sorted) {
    const lastRange = out[out.length - 1];
    if (lastRange && from <= lastRange[1]) lastRange[1] = Math.max(lastRange[1], to);
    else out.push([from, to]);
  }
  return out;
}

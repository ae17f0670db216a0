import { baselinesForSeries, DAY_MS, FALLBACK_DAYS, mergeRanges, sampleRanges, WEEKS } from "@/lib/detection/baseline";
import { buckets, STEP_MS, type DetectionConfig } from "@/lib/detection/detection-config";
import { rollingSums, type DetectionPoint } from "@/lib/detection/episodes";

/*
 * From a scope's 5-minute counts to what the detector reads: each bucket's
 * count and typical count (the same baseline /api/v1/timeline draws for
 * 5-minute buckets), and the rolling window's count against the baseline of
 * that same window in earlier weeks.
 */

const SAMPLE_DAYS = [...Array.from({ length: FALLBACK_DAYS }, (_, i) => i + 1), ...Array.from({ length: WEEKS }, (_, i) => 7 * (i + 1))];

/** The 5-minute bucket starts in [from, to). */
export function stepStarts(from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(from / STEP_MS) * STEP_MS; t < to; t += STEP_MS) out.push(t);
  return out;
}

/** The [from, to) ranges (ms) of 5-minute counts detection over [from, to) needs: the span and its baseline samples, each widened by a window. */
export function detectionRanges(from: number, to: number, config: DetectionConfig): [number, number][] {
  const targets = stepStarts(from, to);
  const widen = (buckets(config.windowMinutes) - 1) * STEP_MS;
  const samples = sampleRanges({ targets, bucketMs: STEP_MS }).map(([a, b]) => [a - widen, b] as [number, number]);
  return mergeRanges([...samples, [Math.floor(from / STEP_MS) * STEP_MS - widen, to]]);
}

export function detectionPoints(input: {
  counts: ReadonlyMap<number, number>;
  from: number;
  to: number;
  dataStart: number | null;
  config: DetectionConfig;
  /** Distinct reporters per window end (ms); omitted: not checked. */
  reporters?: ReadonlyMap<number, number>;
}): DetectionPoint[] {
  const { counts, dataStart, config } = input;
  const targets = stepStarts(input.from, input.to);
  const size = buckets(config.windowMinutes);
  const needed = [...new Set(targets.flatMap((t) => [t, ...SAMPLE_DAYS.map((d) => t - d * DAY_MS)]))];
  const windows = rollingSums(counts, needed, size);
  const single = baselinesForSeries({ counts, bucketMs: STEP_MS, dataStart, targets });
  // A window is history once its last bucket is (its earlier buckets may predate the data: they count 0).
  const windowed = baselinesForSeries({ counts: windows, bucketMs: STEP_MS, dataStart, targets });
  return targets.map((t, i) => ({
    t,
    count: counts.get(t) ?? 0,
    expected: single[i]!.expected,
    windowCount: windows.get(t) ?? 0,
    windowExpected: windowed[i]!.expected,
    windowUpper: windowed[i]!.upper,
    windowReporters: input.reporters ? (input.reporters.get(t) ?? 0) : undefined,
  }));
}

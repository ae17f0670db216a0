import { buckets, STEP_MS, type DetectionConfig } from "@/lib/detection/detection-config";
import { NO_BASELINE_FACTOR } from "@/lib/detection/status";

/*
 * Incident detection on one scope's series (a service, an ISP, a province, a
 * service on one ISP), 5 minutes at a time. Pure: the same points give the
 * same episodes, which is what makes the job idempotent.
 *
 * A window (the `windowMinutes` ending with a bucket) is **unusual** when its
 * count is above its baseline's upper bound (lib/detection/baseline.ts, the
 * same window in earlier weeks), at least `minRatio` times its typical count
 * and at least `minCount`. Where the reporters are known, the count is of
 * different reporters — one client sending fifty reports counts once.
 * Without a baseline (a new deployment) it takes NO_BASELINE_FACTOR ×
 * minCount, as for the status.
 *
 * An incident **opens** once windows stay unusual for `sustainMinutes` in a
 * row, and **closes** once they stay back within the band for
 * `quietMinutes` (isCalm); a window above the band in between keeps it open. Its start and end are the first and last
 * 5-minute buckets, inside those unusual windows, whose own count is above
 * what is typical for them — so a 15-minute window does not stretch an
 * incident by 10 minutes at either end.
 */

export type DetectionPoint = {
  /** Bucket start (ms), every STEP_MS, oldest first, no gaps. */
  t: number;
  /** Reports in this 5-minute bucket and its typical count. */
  count: number;
  expected: number;
  /** Reports in the window ending with this bucket, and its baseline's upper bound (null: no baseline). */
  windowCount: number;
  windowExpected: number;
  windowUpper: number | null;
  /** Distinct reporters in the window; undefined when not known (the count stands). */
  windowReporters?: number;
};

export type Episode = {
  start: number;
  /** End of the last bucket above typical; null while ongoing. */
  end: number | null;
  /** When the detector would have opened it: the end of the bucket that completed the sustain. */
  openedAt: number;
  /** End of the last unusual window's bucket (for an ongoing one: how fresh it is). */
  lastUnusual: number;
  /** Set when the series' first window was already unusual: the episode began before the points do, and its start is only where they begin. */
  cutAtStart?: true;
};

/** The count a window is judged by: each reporter once where known. */
const judged = (p: Pick<DetectionPoint, "windowCount" | "windowReporters">) => Math.min(p.windowCount, p.windowReporters ?? Infinity);

/**
 * Whether an open incident may count this window towards closing: back
 * within the (widened) band. The minimum count and ratio are for opening
 * only — a block that goes on through the night, when few people are awake
 * to report it, stays one incident as long as its reports stay above the
 * band.
 */
export function isCalm(p: Pick<DetectionPoint, "windowCount" | "windowExpected" | "windowUpper" | "windowReporters">, config: DetectionConfig): boolean {
  const n = judged(p);
  if (p.windowUpper === null) return n < config.minCount;
  return n <= p.windowExpected + config.bandScale * (p.windowUpper - p.windowExpected);
}

export function isUnusual(
  p: Pick<DetectionPoint, "windowCount" | "windowExpected" | "windowUpper" | "windowReporters">,
  config: DetectionConfig,
): boolean {
  const n = judged(p);
  if (p.windowUpper === null) return n >= NO_BASELINE_FACTOR * config.minCount;
  const threshold = p.windowExpected + config.bandScale * (p.windowUpper - p.windowExpected);
  return n > threshold && n >= config.minRatio * p.windowExpected && n >= config.minCount;
}

/** Episodes in a series; one still open at its last bucket has end null. */
export function findEpisodes(points: readonly DetectionPoint[], config: DetectionConfig): Episode[] {
  const sustain = buckets(config.sustainMinutes);
  const quiet = buckets(config.quietMinutes);
  const span = buckets(config.windowMinutes) - 1;
  const out: Episode[] = [];
  let runStart = -1; // index of the first unusual window of the current run (reset by a usual one)
  let open: { first: number; openedAt: number; last: number } | undefined;
  let calm = 0;

  const close = (ongoing: boolean) => {
    if (!open) return;
    const start = trimStart(points, Math.max(0, open.first - span), open.first);
    const endIndex = trimEnd(points, open.last, Math.max(start, open.last - span));
    out.push({
      start: points[start]!.t,
      end: ongoing ? null : points[endIndex]!.t + STEP_MS,
      openedAt: open.openedAt,
      lastUnusual: points[open.last]!.t + STEP_MS,
      ...(open.first === 0 ? { cutAtStart: true as const } : {}),
    });
    open = undefined;
    // The next episode needs a run of its own: without this, the first unusual window after a close
    // reopened at once with the closed episode's start (two episodes, one start: the unique key of incident_scopes).
    runStart = -1;
  };

  points.forEach((p, i) => {
    if (open) {
      if (!isCalm(p, config)) {
        calm = 0;
        open.last = i;
      } else if (++calm >= quiet) close(false);
    } else if (isUnusual(p, config)) {
      if (runStart < 0) runStart = i;
      if (i - runStart + 1 >= sustain) {
        open = { first: runStart, openedAt: p.t + STEP_MS, last: i };
        // Its own quiet stretch counts from zero: one left over from the episode before closed it at its first calm window.
        calm = 0;
      }
    } else runStart = -1;
  });
  close(true);
  return out;
}

/** The first bucket in [from, to] whose own count is above typical (to when none is). */
function trimStart(points: readonly DetectionPoint[], from: number, to: number): number {
  for (let i = from; i < to; i++) if (points[i]!.count > points[i]!.expected) return i;
  return to;
}

/** The last bucket in [to, from] (walking back from `from`) whose count is above typical. */
function trimEnd(points: readonly DetectionPoint[], from: number, to: number): number {
  for (let i = from; i > to; i--) if (points[i]!.count > points[i]!.expected) return i;
  return to;
}

/** Reports in the window of `size` buckets ending with each bucket of `starts`. */
export function rollingSums(counts: ReadonlyMap<number, number>, starts: readonly number[], size: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of starts) {
    let n = 0;
    for (let k = 0; k < size; k++) n += counts.get(t - k * STEP_MS) ?? 0;
    out.set(t, n);
  }
  return out;
}

export type EpisodeFigures = {
  /** Reports in [start, end) and what was typical for those buckets. */
  reports: number;
  expected: number;
  /** The busiest 5-minute bucket (the earliest of equals). */
  peakAt: number;
  peakCount: number;
  peakExpected: number;
};

/** An episode's figures from the 5-minute buckets it spans (what /api/v1/timeline shows for the same scope and window). */
export function episodeFigures(points: readonly DetectionPoint[], episode: Pick<Episode, "start" | "end">): EpisodeFigures {
  const inside = points.filter((p) => p.t >= episode.start && (episode.end === null || p.t < episode.end));
  let peak = inside[0];
  for (const p of inside) if (!peak || p.count > peak.count) peak = p;
  return {
    reports: inside.reduce((n, p) => n + p.count, 0),
    expected: inside.reduce((n, p) => n + p.expected, 0),
    peakAt: peak?.t ?? episode.start,
    peakCount: peak?.count ?? 0,
    peakExpected: peak?.expected ?? 0,
  };
}

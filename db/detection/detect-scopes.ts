import { setImmediate as yieldToRequests } from "node:timers/promises";
import type { Db } from "@/db/client";
import { scopeCounts } from "@/db/detection/scope-counts";
import { windowReporters } from "@/db/detection/window-reporters";
import { HOUR_MS, mergeRanges } from "@/lib/detection/baseline";
import { buckets, STEP_MS, type DetectionConfig } from "@/lib/detection/detection-config";
import { detectionPoints, detectionRanges } from "@/lib/detection/detection-points";
import { episodeFigures, findEpisodes, type Episode, type EpisodeFigures } from "@/lib/detection/episodes";
import type { Scope } from "@/lib/detection/scopes";

export type DetectedEpisode = Scope & Episode & EpisodeFigures;
export type Detection = {
  episodes: DetectedEpisode[];
  /** Scopes with any report in the range, and how many of those reached the minimum count in some window. */
  scopes: number;
  considered: number;
  /** Districts and ISPs in a district skipped for want of a baseline somewhere in the range (too little history). */
  thin: number;
};

/** A district's or an ISP-in-a-district's series is too small to judge without its own history: it needs a baseline. */
const needsBaseline = (scope: Scope) => scope.kind === "district" || scope.kind === "district-isp";

/**
 * Every scope's episodes in [from, to): counts from the rollups, then, for a
 * scope that looks unusual at all, a second pass that counts each reporter
 * once (db/detection/window-reporters.ts).
 */
export async function detectScopes(db: Db, from: number, to: number, dataStart: number, config: DetectionConfig): Promise<Detection> {
  const out: DetectedEpisode[] = [];
  const all = await scopeCounts(db, detectionRanges(from, to, config));
  const size = buckets(config.windowMinutes);
  let considered = 0;
  let thin = 0;
  for (const { scope, counts } of all) {
    // A scope's points take milliseconds to compute, hundreds of scopes a run: requests go between them, not after them all.
    await yieldToRequests();
    // Most scopes (a small service on a small ISP) never reach the minimum count in any window: nothing to compute.
    if (!reachesMinCount(counts, from, to, size, config.minCount)) continue;
    considered++;
    const first = detectionPoints({ counts, from, to, dataStart, config });
    if (needsBaseline(scope) && first.some((p) => p.windowUpper === null)) {
      thin++;
      continue;
    }
    const plain = findEpisodes(first, config);
    if (plain.length === 0) continue;
    // Reporters only around the episodes: elsewhere no window was unusual, and counting reporters can only make fewer so.
    const reporters = new Map<number, number>();
    const around = mergeRanges(plain.map((e) => [e.start - HOUR_MS, Math.min(to, (e.end ?? to) + HOUR_MS)] as [number, number]));
    for (const [a, b] of around) {
      for (const [t, n] of await windowReporters(db, scope, Math.max(a, from), b, size)) reporters.set(t, n);
    }
    const points = detectionPoints({ counts, from, to, dataStart, config, reporters });
    for (const episode of findEpisodes(points, config)) out.push({ ...scope, ...episode, ...episodeFigures(points, episode) });
  }
  return { episodes: out, scopes: all.length, considered, thin };
}

/** Whether some window of `size` buckets in [from, to) holds at least `min` reports. */
function reachesMinCount(counts: ReadonlyMap<number, number>, from: number, to: number, size: number, min: number): boolean {
  const inside = [...counts.entries()].filter(([t]) => t >= from - (size - 1) * STEP_MS && t < to).sort((a, b) => a[0] - b[0]);
  let sum = 0;
  let tail = 0;
  for (const [t, n] of inside) {
    sum += n;
    while (inside[tail]![0] <= t - size * STEP_MS) sum -= inside[tail++]![1];
    if (sum >= min) return true;
  }
  return false;
}

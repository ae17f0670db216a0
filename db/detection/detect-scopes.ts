import type { Db } from "@/db/client";
import { scopeCounts } from "@/db/detection/scope-counts";
import { windowReporters } from "@/db/detection/window-reporters";
import { HOUR_MS, mergeRanges } from "@/lib/detection/baseline";
import { buckets, type DetectionConfig } from "@/lib/detection/detection-config";
import { detectionPoints, detectionRanges } from "@/lib/detection/detection-points";
import { episodeFigures, findEpisodes, type Episode, type EpisodeFigures } from "@/lib/detection/episodes";
import type { Scope } from "@/lib/detection/scopes";

export type DetectedEpisode = Scope & Episode & EpisodeFigures;

/**
 * Every scope's episodes in [from, to): counts from the rollups, then, for a
 * scope that looks unusual at all, a second pass that counts each reporter
 * once (db/detection/window-reporters.ts).
 */
export async function detectScopes(db: Db, from: number, to: number, dataStart: number, config: DetectionConfig): Promise<DetectedEpisode[]> {
  const out: DetectedEpisode[] = [];
  for (const { scope, counts } of await scopeCounts(db, detectionRanges(from, to, config))) {
    const plain = findEpisodes(detectionPoints({ counts, from, to, dataStart, config }), config);
    if (plain.length === 0) continue;
    // Reporters only around the episodes: elsewhere no window was unusual, and counting reporters can only make fewer so.
    const reporters = new Map<number, number>();
    const around = mergeRanges(plain.map((e) => [e.start - HOUR_MS, Math.min(to, (e.end ?? to) + HOUR_MS)] as [number, number]));
    for (const [a, b] of around) {
      for (const [t, n] of await windowReporters(db, scope, Math.max(a, from), b, buckets(config.windowMinutes))) reporters.set(t, n);
    }
    const points = detectionPoints({ counts, from, to, dataStart, config, reporters });
    for (const episode of findEpisodes(points, config)) out.push({ ...scope, ...episode, ...episodeFigures(points, episode) });
  }
  return out;
}

import { buckets, type DetectionConfig } from "@/lib/detection/detection-config";
import { detectionPoints } from "@/lib/detection/detection-points";
import { findEpisodes, type Episode } from "@/lib/detection/episodes";
import type { Scenario } from "@/lib/detection/evaluation/scenarios";

/*
 * Scoring a scenario's test week: an episode is a true positive when it
 * overlaps a labelled outage, otherwise a false alarm; an outage is found
 * when an episode overlaps it, and its delay is from the outage's start to
 * when the episode opened. An episode still open at the end of the week
 * counts like a closed one.
 */
export type ScenarioScore = {
  episodes: number;
  falseAlarms: { start: number; decoy: string | undefined }[];
  outages: number;
  found: number;
  delaysMs: number[];
};

export function scoreScenario(s: Scenario, config: DetectionConfig, dataStart: number): ScenarioScore {
  const points = detectionPoints({
    counts: s.counts,
    from: s.testFrom,
    to: s.testTo,
    dataStart,
    config,
    reporters: s.windowReporters(buckets(config.windowMinutes)),
  });
  const episodes = findEpisodes(points, config);
  const hits = (e: Episode, o: { start: number; end: number }) => e.start < o.end && o.start < (e.end ?? s.testTo);
  const outages = s.outages.filter((o) => o.start >= s.testFrom && o.start < s.testTo);
  const falseAlarms = episodes
    .filter((e) => !outages.some((o) => hits(e, o)))
    .map((e) => ({ start: e.start, decoy: s.decoys.find((d) => hits(e, d))?.kind }));
  const delaysMs: number[] = [];
  for (const o of outages) {
    const first = episodes.filter((e) => hits(e, o)).sort((a, b) => a.openedAt - b.openedAt)[0];
    if (first) delaysMs.push(Math.max(0, first.openedAt - o.start));
  }
  return { episodes: episodes.length, falseAlarms, outages: outages.length, found: delaysMs.length, delaysMs };
}

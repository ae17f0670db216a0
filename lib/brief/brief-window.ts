import { bucketForWindow, BUCKETS, type Bucket } from "@/lib/reports/buckets";
import { nextDayInZone, startOfDayInZone } from "@/lib/time/zone";

/**
 * A brief is a permalink: its window is pinned to absolute times on whole
 * buckets of the timeline it shows (hours, or local midnights for 1-day
 * buckets), so the chart's buckets cover exactly the window and every
 * figure — the timeline's sum, the breakdowns, the map — counts the same
 * reports. The end is the end of the bucket holding `to` (the current hour
 * while it is still running); the start keeps the window's length.
 */
export function pinBriefWindow(from: Date, to: Date, timeZone: string): { from: Date; to: Date; bucket: Bucket } {
  const length = to.getTime() - from.getTime();
  const bucket = bucketForWindow(length);
  if (bucket === "1d") {
    const end = startOfDayInZone(new Date(to.getTime() - 1), timeZone);
    const pinnedTo = nextDayInZone(end, timeZone);
    let pinnedFrom = startOfDayInZone(from, timeZone);
    if (pinnedFrom.getTime() >= pinnedTo.getTime()) pinnedFrom = end;
    return { from: pinnedFrom, to: pinnedTo, bucket };
  }
  // 5-minute and hourly buckets are fixed UTC steps in the timeline
  // (db/queries/timeline.ts bucketStarts), so whole steps are exact.
  const step = BUCKETS[bucket];
  const pinnedTo = Math.ceil(to.getTime() / step) * step;
  const pinnedFrom = Math.min(Math.floor(from.getTime() / step) * step, pinnedTo - step);
  return { from: new Date(pinnedFrom), to: new Date(pinnedTo), bucket };
}

import * as cached from "@/db/queries/cached";
import type { StatusRow } from "@/db/queries/status";
import type { EmbedTarget } from "@/lib/embed/embed-target";
import { targetParams } from "@/lib/embed/embed-target";
import type { SparkPoint } from "@/lib/embed/sparkline";
import { env } from "@/lib/env";
import { parseFilters } from "@/lib/filters";
import { BUCKETS } from "@/lib/reports/buckets";

export type EmbedFigures = {
  /** The last hour against its typical count, the scope taken whole (a province too). */
  status: StatusRow;
  /** Reports per hour over the last 24 hours, oldest first, with the typical band. */
  points: SparkPoint[];
  /** Whether the last point is the hour still under way. */
  lastPartial: boolean;
  /** The end of the window read: what "updated" means. */
  updatedAt: Date;
};

/**
 * What a card or badge shows, read through the shared read cache
 * (db/queries/cached.ts): every reader of an embed within the same ten
 * seconds gets the same answer, and the timeline is the very read the full
 * page makes for its default 24-hour view.
 */
export async function embedFigures(target: EmbedTarget): Promise<EmbedFigures> {
  const filters = parseFilters(targetParams(target));
  const [status, timeline] = await Promise.all([
    cached.totalStatus(filters),
    cached.timeline(filters, "1h", { timeZone: env().DISPLAY_TIME_ZONE }),
  ]);
  const counts = timeline.series[0]?.points ?? [];
  const all = counts.map((p, i) => ({ t: Date.parse(p.t), count: p.count, expected: timeline.baseline[i]?.expected ?? 0, upper: timeline.baseline[i]?.upper ?? null }));
  // The first hour began before the window and holds only its tail: left out, so 24 whole or current hours remain.
  const points = all.filter((p) => p.t >= filters.from.getTime()).map(({ count, expected, upper }) => ({ count, expected, upper }));
  const last = all[all.length - 1];
  return { status, points, lastPartial: last !== undefined && last.t + BUCKETS["1h"] > filters.to.getTime(), updatedAt: filters.to };
}

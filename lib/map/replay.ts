import { findArea } from "@/lib/reference";

// Replay steps through the window bucket by bucket. Its counts are the
// area × hour (or day) table of db/queries/area-hours.ts, the same figures
// the ISP page lists and /api/v1/area-hours serves, summed into provinces
// when the map shows provinces. Only areas with reports are listed, so the
// browser gets a few kB, not one number per area and bucket.

export type ReplaySeries = { starts: string[]; counts: Record<string, number[]> };

export function replaySeries(
  table: { starts: string[]; rows: { area: string; counts: number[] }[] },
  level: "district" | "province",
): ReplaySeries {
  const counts: Record<string, number[]> = {};
  for (const row of table.rows) {
    const key = level === "province" ? (findArea(row.area)?.parent ?? row.area) : row.area;
    const sums = (counts[key] ??= new Array<number>(table.starts.length).fill(0));
    row.counts.forEach((n, i) => (sums[i] = (sums[i] ?? 0) + n));
  }
  return { starts: table.starts, counts };
}

/**
 * An area's typical count for one step of the replay: its typical count for
 * the window spread evenly over the steps. Even, not by hour of day — the
 * replay shows where reports run above an area's usual level, and a
 * disruption stands out against it; the time of day is the timeline's job.
 */
export const typicalPerStep = (expectedForWindow: number, steps: number) => (steps > 0 ? expectedForWindow / steps : 0);

import type { Range } from "@/lib/impact/inputs";
import { provinceOf } from "@/lib/reference";

// The estimates of several incidents over a window, without counting any
// economy twice: each incident's estimate is spread evenly over its hours;
// in each hour, the incidents are taken heaviest first (by the central
// estimate), and one whose areas overlap an area already taken in that hour
// is left out (the whole country overlaps every area, a province its
// districts). Disjoint areas add up; overlapping ones count the heaviest
// failure only, as if the lighter one were part of it (published on
// /methodology).

export type TimedImpact = { id: number; start: number; end: number; areas: string[] | "all"; impact: Range };

const HOUR = 3600_000;

export function overlapping(a: string[] | "all", b: string[] | "all"): boolean {
  if (a === "all" || b === "all") return true;
  const covers = (x: string, y: string) => x === y || provinceOf(y)?.slug === x || provinceOf(x)?.slug === y;
  return a.some((x) => b.some((y) => covers(x, y)));
}

export function totalImpact(items: readonly TimedImpact[], from: number, to: number): Range & { incidents: number } {
  const total = { low: 0, central: 0, high: 0 };
  const counted = new Set<number>();
  const first = Math.floor(from / HOUR) * HOUR;
  for (let h = first; h < to; h += HOUR) {
    const sliceFrom = Math.max(h, from);
    const sliceTo = Math.min(h + HOUR, to);
    const active = items
      .map((item) => ({ item, part: share(item, sliceFrom, sliceTo) }))
      .filter((x) => x.part > 0)
      .sort((a, b) => b.item.impact.central * b.part - a.item.impact.central * a.part || a.item.id - b.item.id);
    const taken: (string[] | "all")[] = [];
    for (const { item, part } of active) {
      if (taken.some((areas) => overlapping(areas, item.areas))) continue;
      taken.push(item.areas);
      counted.add(item.id);
      total.low += item.impact.low * part;
      total.central += item.impact.central * part;
      total.high += item.impact.high * part;
    }
  }
  return { ...total, incidents: counted.size };
}

/** The part of an incident's estimate that falls in [from, to): its share of the incident's duration. */
function share(item: TimedImpact, from: number, to: number): number {
  const length = item.end - item.start;
  if (length <= 0) return item.start >= from && item.start < to ? 1 : 0;
  return Math.max(0, Math.min(item.end, to) - Math.max(item.start, from)) / length;
}

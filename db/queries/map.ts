import "server-only";
import { and, eq, gte, inArray, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports } from "@/db/schema";
import { sumRollup, windowIndex, type RollupSum } from "@/db/queries/rollup-read";
import { dataStart } from "@/db/queries/rollup-series";
import { computeBaseline, MIN_SAMPLES, type BaselineMethod } from "@/lib/detection/baseline";
import { statusLevel, statusRatio, type StatusLevel } from "@/lib/detection/status";
import type { Filters } from "@/lib/filters";
import { historyWindows, type TimeRange } from "@/lib/map/history-windows";
import { expandAreas, findArea, findIsp, findService } from "@/lib/reference";
import { floorToBucket } from "@/lib/reports/buckets";

export const MAP_LEVELS = ["province", "district", "points"] as const;
export type MapLevel = (typeof MAP_LEVELS)[number];
export type AreaLevel = Exclude<MapLevel, "points">;

export type TopItem = { key: string; name: string; nameUr: string; count: number };

export type MapArea = {
  area: string;
  name: string;
  nameUr: string;
  /** Counted reports in the window. */
  count: number;
  /** The typical count for the same window in earlier weeks (lib/map/history-windows.ts); 0 without a baseline. */
  expected: number;
  /** count ÷ max(expected, 1); null when there is not enough history for a baseline. */
  baselineRatio: number | null;
  level: StatusLevel;
  method: BaselineMethod;
  topService: TopItem | null;
  topIsp: TopItem | null;
};

export type MapCell = { lat: number; lon: number; count: number };

/** At most this many cells, busiest first: ~40 bytes of JSON each, so never more than ~200 kB. */
export const MAX_CELLS = 5000;

/**
 * Every province or district with reports in the window, or a typical volume
 * above zero, with its count against its baseline and its most-reported
 * service and ISP; busiest first. When the data begins, then together
 * district × history-window counts and the window's district × service and
 * district × ISP counts (which give its totals too). A province is the sum of
 * its districts, its baseline computed from those sums.
 */
export async function getMapAreas(db: Db, filters: Filters, level: AreaLevel): Promise<MapArea[]> {
  const current: TimeRange = { from: floorToBucket(filters.from).getTime(), to: filters.to.getTime() };
  const history = historyWindows(current);
  // When the data begins is global (not per area), so whether the daily
  // fallback can be needed is known before counting: with 3 weekly windows
  // inside the data it never is, and the query reads 5 windows instead of 11
  // (halving a 24 h map's rows at 10 M reports, bench:map).
  const start = await dataStart(db);
  const inData = (w: TimeRange) => start !== null && w.to > start;
  const daily = history.weekly.filter(inData).length >= MIN_SAMPLES ? [] : history.daily;
  // The current window's counts come from the area × service query below, so
  // this one reads history only.
  const past = [...history.weekly, ...daily];
  const all = [current, ...past];
  // windowIndex gives a bucket to the first window that holds it: the current
  // one wins the (at most one bucket) overlap with the week before when the
  // window is a whole week.

  // Through the rollups (db/queries/rollup-read.ts): whole hours from the
  // hourly sets (district; district × service; district × ISP), the rest
  // from the 5-minute rollup. The window's district × service counts give
  // its totals too.
  const windowRange: [number, number][] = [[current.from, current.to]];
  const [windowRows, serviceRows, ispRows] = await Promise.all([
    sumRollup(db, { filters, ranges: past.map((w) => [w.from, w.to] as const).sort((a, b) => a[0] - b[0]), time: windowIndex(all), dimension: "area" }),
    sumRollup(db, { filters, ranges: windowRange, dimension: "area", alsoBy: "service" }),
    sumRollup(db, { filters, ranges: windowRange, dimension: "area", alsoBy: "isp" }),
  ]);

  const keyOf = (district: string) => (level === "province" ? (findArea(district)?.parent ?? district) : district);
  const perWindow = new Map<string, number[]>();
  for (const r of windowRows) {
    const w = Number(r.t);
    // 0: a bucket shared with the current window, counted by the other query.
    if (!Number.isInteger(w) || w <= 0 || w >= all.length) continue;
    const key = keyOf(r.key);
    const counts = perWindow.get(key) ?? new Array<number>(all.length).fill(0);
    counts[w] = (counts[w] ?? 0) + r.count;
    perWindow.set(key, counts);
  }

  const tally = (rows: RollupSum[], countsWindow: boolean) => {
    const byKey = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const [area = "", item = ""] = row.key.split("|");
      const r = { item, count: row.count };
      const key = keyOf(area);
      const counts = byKey.get(key) ?? new Map<string, number>();
      counts.set(r.item, (counts.get(r.item) ?? 0) + Number(r.count));
      byKey.set(key, counts);
      // An area's services add up to its count in the window.
      if (countsWindow) {
        const ofKey = perWindow.get(key) ?? new Array<number>(all.length).fill(0);
        ofKey[0] = (ofKey[0] ?? 0) + Number(r.count);
        perWindow.set(key, ofKey);
      }
    }
    return byKey;
  };
  const services = tally(serviceRows, true);
  const isps = tally(ispRows, false);

  // A history window that ends at or before the first data is no history.
  const sample = (counts: number[], w: TimeRange, i: number) => (inData(w) ? (counts[i] ?? 0) : undefined);
  const out: MapArea[] = [];
  for (const [key, counts] of perWindow) {
    const count = counts[0] ?? 0;
    const baseline = computeBaseline({
      weekly: history.weekly.map((w, i) => sample(counts, w, 1 + i)),
      daily: daily.map((w, i) => sample(counts, w, 1 + history.weekly.length + i)),
    });
    if (count <= 0 && baseline.expected <= 0) continue;
    const area = findArea(key);
    out.push({
      area: key,
      name: area?.nameEn ?? key,
      nameUr: area?.nameUr ?? key,
      count,
      expected: baseline.expected,
      baselineRatio: baseline.method === "none" ? null : statusRatio(count, baseline.expected),
      level: statusLevel({ current: count, expected: baseline.expected, upper: baseline.upper }),
      method: baseline.method,
      topService: top(services.get(key), findService),
      topIsp: top(isps.get(key), findIsp),
    });
  }
  return out.sort((a, b) => b.count - a.count || a.area.localeCompare(b.area));
}

function top(counts: Map<string, number> | undefined, find: (slug: string) => { nameEn: string; nameUr: string } | undefined): TopItem | null {
  let best: [string, number] | undefined;
  for (const entry of counts ?? []) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  if (!best || best[1] <= 0) return null;
  const names = find(best[0]);
  return { key: best[0], name: names?.nameEn ?? best[0], nameUr: names?.nameUr ?? best[0], count: best[1] };
}

/**
 * The heat layer: counted reports per coarse grid cell (lib/geo/coarsen.ts)
 * in the window, busiest first, at most MAX_CELLS. Only reports that carry a
 * cell count. There is no rollup of cells, so this reads `reports` over the
 * window through reports_observed_at_idx (measured in bench/map.ts); it
 * returns cells and counts only, never a report. The window starts on the
 * rollup's bucket like every other figure, so the totals agree.
 */
export async function getMapCells(db: Db, filters: Filters): Promise<MapCell[]> {
  const conditions: (SQL | undefined)[] = [
    gte(reports.observedAt, floorToBucket(filters.from)),
    lt(reports.observedAt, filters.to),
    eq(reports.status, "counted"),
    isNotNull(reports.cellLat),
    isNotNull(reports.cellLon),
  ];
  if (filters.areas.length) conditions.push(inArray(reports.area, expandAreas(filters.areas)));
  if (filters.isps.length) conditions.push(inArray(reports.isp, filters.isps));
  if (filters.services.length) conditions.push(inArray(reports.service, filters.services));
  if (filters.connections.length) conditions.push(inArray(reports.connection, filters.connections));
  if (filters.problems.length) conditions.push(inArray(reports.problem, filters.problems));
  const rows = await db
    .select({ lat: reports.cellLat, lon: reports.cellLon, count: sql<number>`count(*)::int` })
    .from(reports)
    .where(and(...conditions))
    .groupBy(reports.cellLat, reports.cellLon)
    .orderBy(sql`3 desc`, reports.cellLat, reports.cellLon)
    .limit(MAX_CELLS);
  return rows.map((r) => ({ lat: Number(r.lat), lon: Number(r.lon), count: Number(r.count) }));
}

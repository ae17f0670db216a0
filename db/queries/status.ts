import "server-only";
import type { Db } from "@/db/client";
import { dimensionNames } from "@/db/queries/breakdown";
import { sumRollup, windowIndex } from "@/db/queries/rollup-read";
import { dataStart } from "@/db/queries/rollup-series";
import type { Filters } from "@/lib/filters";
import { computeBaseline, DAY_MS, FALLBACK_DAYS, WEEKS, WEEK_MS, type BaselineMethod } from "@/lib/detection/baseline";
import { compareStatus, statusLevel, statusRatio, type StatusLevel } from "@/lib/detection/status";
import { floorToBucket, ROLLUP_BUCKET_MS } from "@/lib/reports/buckets";

export type StatusDimension = "service" | "isp" | "area";

export type StatusRow = {
  key: string;
  name: string;
  nameUr: string;
  /** Counted reports in the current window. */
  current: number;
  /** Typical count for the same window (lib/detection/baseline.ts); 0 without a baseline. */
  expected: number;
  /** null: not enough history. */
  upper: number | null;
  /** current / max(expected, 1). */
  ratio: number;
  level: StatusLevel;
  method: BaselineMethod;
};

export const DEFAULT_STATUS_WINDOW_MINUTES = 60;

/*
 * The windows compared: the current one, [floor5(now − window), now), and the
 * same window shifted back 1..4 weeks and 1..6 days. All are the same set of
 * whole 5-minute rollup buckets; the newest current bucket is still filling,
 * so the current count can run up to one bucket's worth short of its history
 * — a bias towards calm, never towards a false alarm. Windows are at most a
 * day long so that no two of them overlap.
 */
type Window = { index: number; from: number; to: number };

function windows(now: number, windowMs: number): Window[] {
  const from = floorToBucket(new Date(now - windowMs)).getTime();
  const offsets = [
    0,
    ...Array.from({ length: WEEKS }, (_, i) => (i + 1) * WEEK_MS),
    ...Array.from({ length: FALLBACK_DAYS }, (_, i) => (i + 1) * DAY_MS),
  ];
  return offsets.map((off, index) => ({ index, from: from - off, to: now - off }));
}

/**
 * For every service, ISP or district (`area`: the rollup's districts) with
 * reports now or a typical volume above zero: the count in the last
 * `windowMinutes` against its baseline, worst first (lib/detection/status.ts).
 * The filters' own window is ignored; every other filter applies. Two
 * queries: when the data begins, and one grouped by key × window.
 */
export async function getStatuses(
  db: Db,
  filters: Filters,
  dimension: StatusDimension,
  options: { now: Date; windowMinutes?: number },
): Promise<StatusRow[]> {
  const { counts, rowOf } = await windowCounts(db, filters, dimension, options);
  const out: StatusRow[] = [];
  for (const [key, perWindow] of counts) {
    const names = dimensionNames(dimension, key);
    const row = rowOf(key, names, perWindow);
    if (row.current > 0 || row.expected > 0) out.push(row);
  }
  return out.sort(compareStatus);
}

/**
 * Everything the filters keep, taken together, as one row keyed "all": what
 * an embedded card shows for one service, ISP or area (a province too, which
 * getStatuses cannot give: it groups by district). Always a row, also for a
 * quiet scope: "normal" when there is history to say so, else "unknown".
 */
export async function getTotalStatus(db: Db, filters: Filters, options: { now: Date; windowMinutes?: number }): Promise<StatusRow> {
  const { counts, rowOf, windowCount } = await windowCounts(db, filters, undefined, options);
  return rowOf("all", { nameEn: "all", nameUr: "all" }, counts.get("all") ?? new Array<number>(windowCount).fill(0));
}

/** The counts of every key in every window (getStatuses' two queries), and how a key's counts become its row. */
async function windowCounts(db: Db, filters: Filters, dimension: StatusDimension | undefined, options: { now: Date; windowMinutes?: number }) {
  const windowMs = (options.windowMinutes ?? DEFAULT_STATUS_WINDOW_MINUTES) * 60_000;
  if (!(windowMs >= ROLLUP_BUCKET_MS && windowMs <= DAY_MS)) throw new RangeError("windowMinutes must be between 5 and 1440");
  const now = options.now.getTime();
  const all = windows(now, windowMs);
  const [start, rows] = await Promise.all([
    dataStart(db),
    sumRollup(db, { filters, ranges: all.map((w) => [w.from, w.to] as const).sort((a, b) => a[0] - b[0]), time: windowIndex(all), dimension }),
  ]);

  const counts = new Map<string, number[]>();
  for (const r of rows) {
    const w = Number(r.t);
    if (!Number.isInteger(w) || w < 0 || w >= all.length) continue;
    const perWindow = counts.get(r.key) ?? new Array<number>(all.length).fill(0);
    perWindow[w] = (perWindow[w] ?? 0) + r.count;
    counts.set(r.key, perWindow);
  }

  // A history window that ends at or before the first data is no history.
  const history = (perWindow: number[], w: Window) => (start !== null && w.to > start ? (perWindow[w.index] ?? 0) : undefined);
  const rowOf = (key: string, names: { nameEn: string; nameUr: string }, perWindow: number[]): StatusRow => {
    const current = perWindow[0] ?? 0;
    const baseline = computeBaseline({
      weekly: all.slice(1, 1 + WEEKS).map((w) => history(perWindow, w)),
      daily: all.slice(1 + WEEKS).map((w) => history(perWindow, w)),
    });
    return {
      key,
      name: names.nameEn,
      nameUr: names.nameUr,
      current,
      expected: baseline.expected,
      upper: baseline.upper,
      ratio: statusRatio(current, baseline.expected),
      level: statusLevel({ current, expected: baseline.expected, upper: baseline.upper }),
      method: baseline.method,
    };
  };
  return { counts, rowOf, windowCount: all.length };
}

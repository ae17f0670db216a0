/*
 * Status of one service, ISP or area: the count now against its baseline
 * (lib/detection/baseline.ts). Quoted on the methodology page.
 *
 * With a baseline (expected, upper):
 *   problem   — current > upper and current ≥ 10 (PROBLEM_MIN_COUNT);
 *   elevated  — current > upper but fewer than 10 reports, or
 *               current > expected + (upper − expected) / 2 (past half the
 *               band) and current ≥ 5 (ELEVATED_MIN_COUNT);
 *   normal    — otherwise.
 * The minimum counts keep a handful of reports from turning a quiet service
 * red: from a typical 0, four reports are "elevated", ten are a "problem".
 *
 * Without a baseline (not enough history, e.g. a new deployment):
 *   problem   — current ≥ 30 (3 × PROBLEM_MIN_COUNT): an obvious flood is
 *               flagged even before there is history to compare with;
 *   unknown   — otherwise ("not enough history"), never "normal", since
 *               nothing says what normal is.
 *
 * Order (worst first): problem, elevated, normal, unknown; within a level the
 * larger ratio current / max(expected, 1) first, then the larger count, then
 * the key alphabetically so the order is stable.
 */

export const PROBLEM_MIN_COUNT = 10;
export const ELEVATED_MIN_COUNT = 5;
/** Without a baseline, a problem needs this many times PROBLEM_MIN_COUNT. */
export const NO_BASELINE_FACTOR = 3;

export const STATUS_LEVELS = ["problem", "elevated", "normal", "unknown"] as const;
export type StatusLevel = (typeof STATUS_LEVELS)[number];

export function statusLevel(input: {
  current: number;
  expected: number;
  /** null/undefined: no baseline. */
  upper: number | null | undefined;
  /** The least count for "problem" (default PROBLEM_MIN_COUNT). */
  minCount?: number;
  /** The least count for "elevated" past half the band (default min(ELEVATED_MIN_COUNT, minCount)). */
  elevatedMinCount?: number;
}): StatusLevel {
  const { current, expected, upper } = input;
  const minCount = input.minCount ?? PROBLEM_MIN_COUNT;
  const elevatedMin = input.elevatedMinCount ?? Math.min(ELEVATED_MIN_COUNT, minCount);
  if (upper === null || upper === undefined) return current >= NO_BASELINE_FACTOR * minCount ? "problem" : "unknown";
  if (current > upper) return current >= minCount ? "problem" : "elevated";
  if (current > expected + (upper - expected) / 2 && current >= elevatedMin) return "elevated";
  return "normal";
}

/** current / max(expected, 1): how many times the typical volume. */
export const statusRatio = (current: number, expected: number) => current / Math.max(expected, 1);

const RANK: Record<StatusLevel, number> = { problem: 0, elevated: 1, normal: 2, unknown: 3 };

/** Comparator for Array.sort: worst first (see the rules above). */
export function compareStatus(
  a: { level: StatusLevel; current: number; expected: number; key?: string },
  b: { level: StatusLevel; current: number; expected: number; key?: string },
): number {
  return (
    RANK[a.level] - RANK[b.level] ||
    statusRatio(b.current, b.expected) - statusRatio(a.current, a.expected) ||
    b.current - a.current ||
    (a.key ?? "").localeCompare(b.key ?? "")
  );
}

import type { Filters } from "@/lib/filters";
import { MAX_REPORT_AGE_HOURS } from "@/lib/reports/vocabulary";

// When a window's counted reports can no longer change by itself: a report
// may say it was observed up to MAX_REPORT_AGE_HOURS before it arrives, so
// a window is closed that long after its end (plus a margin for clocks that
// differ between instances and for a batch acknowledged but not yet
// written). After that only moderation changes its export (an audit entry),
// which db/queries/kept-figures.ts checks before it trusts a kept figure.

export const CLOSE_MARGIN_MS = 10 * 60_000;

export function isClosedWindow(to: Date, now: Date): boolean {
  return to.getTime() + MAX_REPORT_AGE_HOURS * 3600_000 + CLOSE_MARGIN_MS <= now.getTime();
}

/** What is kept for a closed window: an export's digest (by format), or its ledger. */
export type KeptFigure = "export.csv" | "export.json" | "ledger";

/**
 * The key a kept figure is stored under: what it is, the window and every
 * filter, each list sorted and without repeats, so the same view asked in
 * another order finds the same figure.
 */
/** Bumped when an export's columns or the ledger's shape change: figures kept before are then not found. */
export const KEPT_FORMAT = 1;

export function keptKey(figure: KeptFigure, f: Filters): string {
  const list = (xs: readonly string[]) => [...new Set(xs)].sort().join(",");
  return [
    `v${KEPT_FORMAT}`,
    figure,
    f.from.toISOString(),
    f.to.toISOString(),
    `area=${list(f.areas)}`,
    `isp=${list(f.isps)}`,
    `service=${list(f.services)}`,
    `connection=${list(f.connections)}`,
    `problem=${list(f.problems)}`,
  ].join("|");
}

import { STEP_MS } from "@/lib/detection/detection-config";

/*
 * Detection reads weeks of 5-minute counts. Read in one statement, a range
 * held the embedded database's one session for a third of a second at a time
 * (most of it turning rows into JavaScript and passing them between threads),
 * and every page and report waited behind it. So the counts are read a piece
 * at a time, each piece's span sized from the rows the last one returned,
 * aiming at PIECE_ROWS (about 20 ms on PGlite); what a request waits for is
 * then one piece. Sized by rows, not by time, the pieces are the same on
 * every run over the same data. The sums do not depend on where the pieces
 * are cut: every 5-minute bucket is read once, in one piece.
 */

/** How many rows one piece's read should return. */
export const PIECE_ROWS = 1500;
/** The first piece's span, before anything is measured. */
export const FIRST_SPAN_MS = 3 * 3600_000;
/**
 * Spans stay within these bounds, and a span grows by half at most from a piece to the next:
 * a stretch with no reports (before the data starts) returns nothing, and
 * the span it grows to must not make the busy stretch after it one long read.
 */
export const MIN_SPAN_MS = STEP_MS;
export const MAX_SPAN_MS = 12 * 3600_000;

export type Range = readonly [number, number];

/** How the pieces are sized: the first span, and the next from the last span and how many rows its read returned. */
export type Pace = { first: number; next: (span: number, rows: number) => number };

/** Aims at PIECE_ROWS a piece. */
export const ROWS_PACE: Pace = {
  first: FIRST_SPAN_MS,
  next: (span, rows) => {
    const scaled = Math.min(span * 1.5, (span * PIECE_ROWS) / Math.max(rows, 1));
    const aligned = Math.floor(scaled / STEP_MS) * STEP_MS;
    return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, aligned));
  },
};

/** The same span every piece (tests; Infinity: one piece). */
export const fixedPace = (span: number): Pace => ({ first: span, next: () => span });

/**
 * The first `span` ms of `ranges` (sorted, disjoint, [from, to)), counted
 * over the ranges' own lengths, and what is left. A range longer than what
 * remains of the span is cut at from + remaining: with 5-minute aligned
 * ranges and spans, every cut is a 5-minute boundary.
 */
export function splitSpan(ranges: readonly Range[], span: number): { head: [number, number][]; rest: [number, number][] } {
  const head: [number, number][] = [];
  const rest: [number, number][] = [];
  let left = span;
  for (const [from, to] of ranges) {
    if (left <= 0) rest.push([from, to]);
    else if (to - from <= left) {
      head.push([from, to]);
      left -= to - from;
    } else {
      head.push([from, from + left]);
      rest.push([from + left, to]);
      left = 0;
    }
  }
  return { head, rest };
}

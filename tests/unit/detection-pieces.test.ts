import { describe, expect, it } from "vitest";
import { mergeRanges } from "@/lib/detection/baseline";
import { STEP_MS } from "@/lib/detection/detection-config";
import { MAX_SPAN_MS, MIN_SPAN_MS, PIECE_ROWS, ROWS_PACE, splitSpan, type Range } from "@/lib/detection/pieces";

const H = 3600_000;

describe("reading detection's ranges in pieces", () => {
  it("cuts the ranges into pieces of the span that together cover every bucket once", () => {
    const ranges: Range[] = [
      [0, 2 * H],
      [24 * H, 30 * H],
      [48 * H, 48 * H + STEP_MS],
    ];
    for (const span of [STEP_MS, 25 * STEP_MS, 5 * H, 100 * H]) {
      const pieces: [number, number][][] = [];
      let rest: Range[] = ranges;
      while (rest.length > 0) {
        const { head, rest: next } = splitSpan(rest, span);
        pieces.push(head);
        rest = next;
      }
      const length = (rs: readonly Range[]) => rs.reduce((n, [a, b]) => n + b - a, 0);
      // Every piece but the last is exactly the span; together they are the ranges, in order.
      for (const piece of pieces.slice(0, -1)) expect(length(piece)).toBe(span);
      expect(length(pieces.at(-1)!)).toBeLessThanOrEqual(span);
      expect(mergeRanges(pieces.flat())).toEqual(ranges);
      // A cut falls on a 5-minute boundary.
      for (const [a, b] of pieces.flat()) expect([a % STEP_MS, b % STEP_MS]).toEqual([0, 0]);
    }
  });

  it("sizes the next piece from the rows the last returned, growing by half at most, within bounds", () => {
    // Twice the rows aimed at: half the span.
    expect(ROWS_PACE.next(4 * H, 2 * PIECE_ROWS)).toBe(2 * H);
    // No rows (before the data starts): grows, but by half at most.
    expect(ROWS_PACE.next(4 * H, 0)).toBe(6 * H);
    expect(ROWS_PACE.next(MAX_SPAN_MS, 0)).toBe(MAX_SPAN_MS);
    // A flood of rows in five minutes: never below one bucket.
    expect(ROWS_PACE.next(STEP_MS, 100 * PIECE_ROWS)).toBe(MIN_SPAN_MS);
    // Always whole 5-minute buckets.
    expect(ROWS_PACE.next(H, 7 * PIECE_ROWS) % STEP_MS).toBe(0);
  });
});

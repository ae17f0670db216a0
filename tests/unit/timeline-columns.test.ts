import { describe, expect, it } from "vitest";
import { SHOWN_SERIES, timelineColumns } from "@/components/charts/timeline-columns";

const series = (n: number) =>
  Array.from({ length: n }, (_, s) => ({ key: `s${s}`, label: `S${s}`, points: [{ t: "a", count: s + 1 }, { t: "b", count: 10 * (s + 1) }] }));

describe("timelineColumns (the chart's stacks and its table's columns)", () => {
  it("keeps each series as its own column while they fit", () => {
    const columns = timelineColumns(series(2), "Other");
    expect(columns.map((c) => [c.key, c.label, c.counts])).toEqual([["s0", "S0", [1, 10]], ["s1", "S1", [2, 20]]]);
  });

  it("sums the series past the shown ones into one Other column, losing no report", () => {
    const input = series(SHOWN_SERIES + 3);
    const columns = timelineColumns(input, "Other");
    expect(columns).toHaveLength(SHOWN_SERIES + 1);
    expect(columns.at(-1)).toEqual({ key: "__other", label: "Other", counts: [8 + 9 + 10, 80 + 90 + 100] });
    const sum = (i: number) => columns.reduce((n, c) => n + c.counts[i]!, 0);
    expect([sum(0), sum(1)]).toEqual([input.reduce((n, s) => n + s.points[0]!.count, 0), input.reduce((n, s) => n + s.points[1]!.count, 0)]);
  });

  it("has no columns for no series", () => {
    expect(timelineColumns([], "Other")).toEqual([]);
  });
});

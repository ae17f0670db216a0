import { describe, expect, it } from "vitest";
import { dimensionsOf, HOURLY_SETS, maskOf, pickHourlySet, pickTotalSet, setSize, splitByHours, TOTAL_SETS } from "@/lib/reports/rollup-sets";

const H = 3_600_000;
const M = 60_000;
const at = (h: number, m = 0) => Date.UTC(2026, 10, 23, h, m);

describe("hourly sets", () => {
  it("round-trips dimensions through bitmasks", () => {
    expect(dimensionsOf(maskOf(["problem", "area"]))).toEqual(["area", "problem"]);
    expect(maskOf([])).toBe(0);
    expect(HOURLY_SETS).toContain(0);
    expect(new Set(HOURLY_SETS).size).toBe(HOURLY_SETS.length);
  });

  it("picks the cheapest set that keeps every named dimension, or none", () => {
    expect(pickHourlySet(0)).toBe(0);
    expect(pickHourlySet(maskOf(["service"]))).toBe(maskOf(["service"]));
    // ISP × service is served by the founding-case triple.
    expect(pickHourlySet(maskOf(["isp", "service"]))).toBe(maskOf(["isp", "service", "connection"]));
    expect(pickHourlySet(maskOf(["area", "isp"]))).toBe(maskOf(["area", "isp"]));
    expect(pickHourlySet(maskOf(["area", "problem"]))).toBeUndefined();
    expect(pickHourlySet(maskOf(["area", "isp", "service"]))).toBeUndefined();
    for (const set of HOURLY_SETS) {
      const chosen = pickHourlySet(set)!;
      expect(setSize(chosen)).toBeLessThanOrEqual(setSize(set));
      expect(chosen & set).toBe(set);
    }
  });
});

describe("splitByHours", () => {
  it("takes the whole hours inside a range and leaves the edges", () => {
    expect(splitByHours(at(10, 35), at(14, 2))).toEqual({ hours: [at(11), at(14)], edges: [[at(10, 35), at(11)], [at(14), at(14, 2)]] });
    expect(splitByHours(at(10), at(12))).toEqual({ hours: [at(10), at(12)], edges: [] });
  });

  it("counts an hour whole once its last 5-minute bucket is inside", () => {
    // Rows count when bucket < to: the 14:55 bucket is in when to > 14:55.
    expect(splitByHours(at(14), at(14, 55) + 1)).toEqual({ hours: [at(14), at(15)], edges: [] });
    expect(splitByHours(at(14), at(14, 55))).toEqual({ hours: undefined, edges: [[at(14), at(14, 55)]] });
  });

  it("leaves a range shorter than an hour, or across one boundary, to the 5-minute rollup", () => {
    expect(splitByHours(at(13, 35), at(14, 37))).toEqual({ hours: undefined, edges: [[at(13, 35), at(14, 37)]] });
    expect(splitByHours(at(13), at(13))).toEqual({ hours: undefined, edges: [] });
    expect(splitByHours(at(13) + 5 * M, at(13) + H)).toEqual({ hours: undefined, edges: [[at(13, 5), at(14)]] });
  });
});

describe("totals sets", () => {
  it("serve reads naming at most one of district, ISP and service", () => {
    expect(TOTAL_SETS).toHaveLength(4);
    expect(pickTotalSet(0)).toBe(0);
    expect(pickTotalSet(maskOf(["isp"]))).toBe(maskOf(["isp"]));
    expect(pickTotalSet(maskOf(["connection"]))).toBeUndefined();
    expect(pickTotalSet(maskOf(["isp", "service"]))).toBeUndefined();
  });
});

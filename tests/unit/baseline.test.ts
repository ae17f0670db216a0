import { describe, expect, it } from "vitest";
import {
  baselinesForSeries,
  computeBaseline,
  DAY_MS,
  HOUR_MS,
  K,
  mad,
  MAD_SCALE,
  median,
  MIN_MARGIN,
  MIN_SAMPLES,
  mergeRanges,
  sampleRanges,
  WEEK_MS,
} from "@/lib/detection/baseline";
import { compareStatus, ELEVATED_MIN_COUNT, PROBLEM_MIN_COUNT, statusLevel, statusRatio, type StatusLevel } from "@/lib/detection/status";

describe("median and MAD", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
  it("measures spread as the median distance from the median", () => {
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    expect(mad([5, 5, 5, 5])).toBe(0);
  });
});

describe("computeBaseline", () => {
  it("exports the documented constants", () => {
    expect({ K, MAD_SCALE, MIN_MARGIN, MIN_SAMPLES }).toEqual({ K: 3, MAD_SCALE: 1.4826, MIN_MARGIN: 3, MIN_SAMPLES: 3 });
  });

  it("is robust: one huge week barely moves the expected volume, where a mean would jump", () => {
    const calm = computeBaseline({ weekly: [4, 6, 5, 5] });
    const withOutage = computeBaseline({ weekly: [4, 6, 5, 100] });
    expect(calm.expected).toBe(5);
    expect(withOutage.expected).toBe(5.5);
    const mean = (4 + 6 + 5 + 100) / 4;
    expect(mean).toBeGreaterThan(28);
    // Hand-computed: sorted 4 5 6 100 → median 5.5; |deviations| 0.5 0.5 1.5 94.5 → MAD 1;
    // margins 3 × 1.4826 = 4.4478, 3 × √5.5 = 7.0356…, 3 → upper 5.5 + 3√5.5.
    expect(withOutage.upper).toBeCloseTo(5.5 + 3 * Math.sqrt(5.5), 12);
    expect(withOutage.upper!).toBeLessThan(13);
    expect(withOutage).toMatchObject({ method: "weekly", samples: 4 });
  });

  it("gives a flat history the Poisson floor, not a zero-width band", () => {
    const b = computeBaseline({ weekly: [5, 5, 5, 5] });
    expect(b.expected).toBe(5);
    expect(b.upper).toBeCloseTo(5 + 3 * Math.sqrt(5), 12); // 11.708…
    expect(computeBaseline({ weekly: [100, 100, 100, 100] }).upper).toBe(130);
  });

  it("keeps tiny counts sane with the constant margin", () => {
    expect(computeBaseline({ weekly: [0, 0, 0, 0] })).toEqual({ expected: 0, upper: 3, samples: 4, method: "weekly" });
    // √max(expected, 1) = 1 below one report: margin max(3 × 1.4826 × 0.5, 3, 3) = 3.
    const b = computeBaseline({ weekly: [0, 0, 1, 1] });
    expect(b.expected).toBe(0.5);
    expect(b.upper).toBe(3.5);
  });

  it("uses the MAD term when the weeks really vary", () => {
    // median 25; |deviations| 15 5 5 15 → MAD 10; 3 × 14.826 = 44.478 > 3 × √25 = 15.
    const b = computeBaseline({ weekly: [10, 20, 30, 40] });
    expect(b.expected).toBe(25);
    expect(b.upper).toBeCloseTo(25 + 3 * 1.4826 * 10, 12);
    // Three weeks are enough (the fourth predates the data): median 20, MAD 10.
    const three = computeBaseline({ weekly: [10, 20, 30, undefined] });
    expect(three).toMatchObject({ expected: 20, samples: 3, method: "weekly" });
    expect(three.upper).toBeCloseTo(20 + 44.478, 12);
  });

  it("falls back to the previous days when fewer than three weeks exist", () => {
    const b = computeBaseline({ weekly: [7, 9, undefined, undefined], daily: [4, 5, 6, undefined, undefined, undefined] });
    expect(b).toMatchObject({ expected: 5, samples: 3, method: "daily-fallback" });
    // MAD of 4 5 6 = 1 → 4.4478 < 3 × √5 = 6.708…
    expect(b.upper).toBeCloseTo(5 + 3 * Math.sqrt(5), 12);
  });

  it("has no baseline without enough history, and no upper bound", () => {
    expect(computeBaseline({ weekly: [undefined, undefined, undefined, undefined] })).toEqual({ expected: 0, upper: null, samples: 0, method: "none" });
    expect(computeBaseline({ weekly: [3, 4], daily: [1, 2] })).toEqual({ expected: 0, upper: null, samples: 0, method: "none" });
  });

  it("counts zero as history but undefined as none", () => {
    expect(computeBaseline({ weekly: [0, 0, 0, undefined] })).toMatchObject({ expected: 0, upper: 3, method: "weekly", samples: 3 });
  });
});

describe("baselinesForSeries", () => {
  const t0 = Date.UTC(2024, 10, 21, 9); // a Thursday, 09:00 UTC
  const counts = new Map<number, number>([
    [t0 - 1 * WEEK_MS, 6],
    [t0 - 2 * WEEK_MS, 4],
    [t0 - 3 * WEEK_MS, 5],
    [t0 - 4 * WEEK_MS, 50],
    [t0 - 1 * DAY_MS, 1],
    [t0 + HOUR_MS - 1 * WEEK_MS, 2],
  ]);

  it("looks up the same bucket 1–4 weeks earlier, a missing bucket counting zero", () => {
    const [a, b] = baselinesForSeries({ counts, bucketMs: HOUR_MS, dataStart: t0 - 5 * WEEK_MS, targets: [t0, t0 + HOUR_MS] });
    expect(a).toMatchObject({ t: t0, expected: 5.5, samples: 4, method: "weekly" });
    expect(b).toMatchObject({ t: t0 + HOUR_MS, expected: 0, samples: 4, method: "weekly" });
    expect(b!.upper).toBe(3);
  });

  it("leaves out weeks that predate the data", () => {
    // Data begins inside the bucket 4 weeks back: that week (50) is history.
    expect(baselinesForSeries({ counts, bucketMs: HOUR_MS, dataStart: t0 - 4 * WEEK_MS + 10 * 60_000, targets: [t0] })[0]).toMatchObject({ samples: 4, expected: 5.5 });
    // Data begins after it: the 50 is gone, median of 6 4 5.
    expect(baselinesForSeries({ counts, bucketMs: HOUR_MS, dataStart: t0 - 4 * WEEK_MS + HOUR_MS, targets: [t0] })[0]).toMatchObject({ samples: 3, expected: 5 });
    // Two weeks of data: the previous days instead (1 yesterday, 0 on the others).
    expect(baselinesForSeries({ counts, bucketMs: HOUR_MS, dataStart: t0 - 2 * WEEK_MS, targets: [t0] })[0]).toMatchObject({
      method: "daily-fallback",
      samples: 6,
      expected: 0,
    });
    // Two days of data: nothing.
    expect(baselinesForSeries({ counts, bucketMs: HOUR_MS, dataStart: t0 - 2 * DAY_MS, targets: [t0] })[0]).toMatchObject({ method: "none", upper: null });
    expect(baselinesForSeries({ counts, bucketMs: HOUR_MS, dataStart: null, targets: [t0] })[0]).toMatchObject({ method: "none" });
  });

  it("takes calendar days from daysBefore when given", () => {
    const days = [10, 20, 30, 40].map((d) => d * DAY_MS);
    const shifted = new Map([[days[0]!, 7], [days[1]!, 7], [days[2]!, 7]]);
    const [b] = baselinesForSeries({
      counts: shifted,
      bucketMs: DAY_MS,
      dataStart: DAY_MS, // the "4 weeks back" day (t = 0) predates it
      targets: [days[3]!],
      // A pretend calendar where "a week" is 10 × 24 h back.
      daysBefore: (t, d) => (d % 7 === 0 ? t - (d / 7) * 10 * DAY_MS : undefined),
    });
    expect(b).toMatchObject({ expected: 7, samples: 3, method: "weekly" });
  });
});

describe("sampleRanges", () => {
  it("covers exactly the buckets the baseline reads, merged", () => {
    const t0 = Date.UTC(2024, 10, 21, 9);
    const targets = [t0, t0 + HOUR_MS, t0 + 2 * HOUR_MS];
    const ranges = sampleRanges({ targets, bucketMs: HOUR_MS });
    // Six previous days and four previous weeks, each 3 hours long.
    expect(ranges).toHaveLength(6 + 4);
    expect(ranges.map(([a, b]) => b - a)).toEqual(Array(10).fill(3 * HOUR_MS));
    expect(ranges[0]).toEqual([t0 - 4 * WEEK_MS, t0 - 4 * WEEK_MS + 3 * HOUR_MS]);
    expect(ranges.at(-1)).toEqual([t0 - DAY_MS, t0 - DAY_MS + 3 * HOUR_MS]);
    // Every sample bucket baselinesForSeries looks up lies inside a range.
    const inside = (s: number) => ranges.some(([a, b]) => s >= a && s + HOUR_MS <= b);
    for (const t of targets) for (const d of [1, 2, 3, 4, 5, 6, 7, 14, 21, 28]) expect(inside(t - d * DAY_MS)).toBe(true);
  });

  it("merges a long window into one range", () => {
    const targets = Array.from({ length: 10 * 24 }, (_, i) => i * HOUR_MS);
    expect(sampleRanges({ targets, bucketMs: HOUR_MS })).toEqual([[-28 * DAY_MS, 10 * DAY_MS - DAY_MS]]);
  });

  it("merges overlapping and touching ranges", () => {
    expect(mergeRanges([[5, 7], [0, 2], [2, 3], [6, 9]])).toEqual([[0, 3], [5, 9]]);
    expect(mergeRanges([])).toEqual([]);
  });
});

describe("statusLevel", () => {
  const band = { expected: 5, upper: 5 + 3 * Math.sqrt(5) }; // 11.708…, half-way 8.354…
  it.each<[number, StatusLevel]>([
    [40, "problem"],
    [12, "problem"],
    [9, "elevated"],
    [8, "normal"],
    [0, "normal"],
  ])("with typical 5: %i reports → %s", (current, level) => {
    expect(statusLevel({ current, ...band })).toBe(level);
  });

  it("needs the minimum counts before a quiet series turns red", () => {
    const quiet = { expected: 0, upper: 3 };
    expect(statusLevel({ current: 3, ...quiet })).toBe("normal");
    expect(statusLevel({ current: 4, ...quiet })).toBe("elevated"); // above the band, under 10
    expect(statusLevel({ current: PROBLEM_MIN_COUNT - 1, ...quiet })).toBe("elevated");
    expect(statusLevel({ current: PROBLEM_MIN_COUNT, ...quiet })).toBe("problem");
    // Past half the band but under ELEVATED_MIN_COUNT: normal.
    expect(statusLevel({ current: ELEVATED_MIN_COUNT - 1, expected: 2, upper: 7 })).toBe("normal");
    expect(statusLevel({ current: ELEVATED_MIN_COUNT, expected: 2, upper: 7 })).toBe("elevated");
    expect(statusLevel({ current: 4, expected: 0, upper: 3, minCount: 4 })).toBe("problem");
  });

  it("says unknown without a baseline, unless the flood is obvious", () => {
    expect(statusLevel({ current: 0, expected: 0, upper: null })).toBe("unknown");
    expect(statusLevel({ current: 29, expected: 0, upper: undefined })).toBe("unknown");
    expect(statusLevel({ current: 30, expected: 0, upper: null })).toBe("problem");
  });
});

describe("compareStatus", () => {
  it("sorts worst first, then by ratio, then by count, then by key", () => {
    const rows = [
      { key: "a", level: "normal" as const, current: 50, expected: 50 },
      { key: "b", level: "unknown" as const, current: 20, expected: 0 },
      { key: "c", level: "problem" as const, current: 20, expected: 10 }, // ratio 2
      { key: "d", level: "problem" as const, current: 40, expected: 4 }, // ratio 10
      { key: "e", level: "elevated" as const, current: 9, expected: 5 },
      { key: "f", level: "problem" as const, current: 10, expected: 0.5 }, // ratio 10 (expected floored at 1), fewer reports
      { key: "g", level: "normal" as const, current: 50, expected: 50 },
    ];
    expect([...rows].sort(compareStatus).map((r) => r.key)).toEqual(["d", "f", "c", "e", "a", "g", "b"]);
    expect(statusRatio(10, 0.5)).toBe(10);
    expect(statusRatio(10, 4)).toBe(2.5);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_DETECTION, STEP_MS } from "@/lib/detection/detection-config";
import { detectionPoints } from "@/lib/detection/detection-points";
import { findEpisodes, isUnusual, type DetectionPoint } from "@/lib/detection/episodes";
import { linkEpisodes, type Linkable } from "@/lib/detection/linking";
import { scopeWithin } from "@/lib/detection/scopes";

// The mechanics at band × 1.75 (the numbers below); the default band is chosen by npm run eval:detection.
const config = { ...DEFAULT_DETECTION, bandScale: 1.75 }; // 15-minute windows, ≥ 8 reports, band × 1.75, ≥ 2 × typical, 10 min to open, 30 min to close
const T0 = Date.UTC(2024, 10, 21, 7);

/** Points with typical 2 per bucket, window typical 6 and upper 12 (threshold 6 + 1.75 × 6 = 16.5); `windows[i]` is window i's count. */
function points(windows: number[], bucketCounts?: number[]): DetectionPoint[] {
  return windows.map((w, i) => ({
    t: T0 + i * STEP_MS,
    count: bucketCounts?.[i] ?? (w > 16 ? 9 : 2),
    expected: 2,
    windowCount: w,
    windowExpected: 6,
    windowUpper: 12,
  }));
}
const at = (i: number) => T0 + i * STEP_MS;
const calm = (n: number) => Array<number>(n).fill(6);
const high = (n: number, v = 30) => Array<number>(n).fill(v);

describe("an unusual window", () => {
  it("needs the widened band, twice the typical count and the minimum count", () => {
    expect(isUnusual({ windowCount: 17, windowExpected: 6, windowUpper: 12 }, config)).toBe(true);
    expect(isUnusual({ windowCount: 16, windowExpected: 6, windowUpper: 12 }, config)).toBe(false); // inside 6 + 1.75 × 6
    expect(isUnusual({ windowCount: 7, windowExpected: 0, windowUpper: 3 }, config)).toBe(false); // under the minimum count
    expect(isUnusual({ windowCount: 8, windowExpected: 0, windowUpper: 3 }, config)).toBe(true);
    expect(isUnusual({ windowCount: 150, windowExpected: 100, windowUpper: 120 }, config)).toBe(false); // 1.5 × typical: a busy day
  });

  it("counts each reporter once when the reporters are known", () => {
    expect(isUnusual({ windowCount: 40, windowExpected: 6, windowUpper: 12, windowReporters: 1 }, config)).toBe(false);
    expect(isUnusual({ windowCount: 40, windowExpected: 6, windowUpper: 12, windowReporters: 20 }, config)).toBe(true);
  });

  it("without a baseline needs three times the minimum count", () => {
    expect(isUnusual({ windowCount: 23, windowExpected: 0, windowUpper: null }, config)).toBe(false);
    expect(isUnusual({ windowCount: 24, windowExpected: 0, windowUpper: null }, config)).toBe(true);
  });
});

describe("findEpisodes", () => {
  it("opens once windows stay unusual for the sustain length", () => {
    const [e, ...rest] = findEpisodes(points([...calm(5), ...high(6), ...calm(10)]), config);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ start: at(5), end: at(11), openedAt: at(7) });
  });

  it("opens nothing for a single unusual window", () => {
    expect(findEpisodes(points([...calm(5), 30, ...calm(10)]), config)).toEqual([]);
  });

  it("stays open through a short dip and closes only after the quiet length", () => {
    const [e, ...rest] = findEpisodes(points([...calm(2), ...high(4), ...calm(3), ...high(3), ...calm(8)]), config);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ start: at(2), end: at(12) });
  });

  it("gives a second episode a quiet stretch of its own: one calm window does not close it", () => {
    const found = findEpisodes(points([...calm(2), ...high(4), ...calm(8), ...high(3), ...calm(1), ...high(3), ...calm(8)]), config);
    expect(found.map((e) => [e.start, e.end])).toEqual([
      [at(2), at(6)],
      [at(14), at(21)],
    ]);
  });

  it("marks an episode whose first window is already unusual as cut by the range's start", () => {
    const [cut] = findEpisodes(points([...high(4), ...calm(8)]), config);
    expect(cut).toMatchObject({ start: at(0), cutAtStart: true });
    const [whole] = findEpisodes(points([...calm(1), ...high(4), ...calm(8)]), config);
    expect(whole!.cutAtStart).toBeUndefined();
  });

  it("opens a second episode only after a sustained run of its own, never with the closed one's start", () => {
    // quiet is 30 min (6 windows), sustain 10 min (2): the second failure's first window alone must not reopen.
    const found = findEpisodes(points([...calm(2), ...high(4), ...calm(6), ...high(1), ...calm(3), ...high(4), ...calm(8)]), config);
    expect(found.map((e) => [e.start, e.end])).toEqual([
      [at(2), at(6)],
      [at(16), at(20)],
    ]);
  });

  it("stays open while windows stay above the band, even under the minimum count (a block through the night)", () => {
    // At night typical is 0 and the band ends at 3 (widened: 5.25): 6 reports are above it, under the minimum of 8.
    const night = (p: DetectionPoint[], from: number, to: number) =>
      p.map((x, i) => (i >= from && i < to ? { ...x, count: 2, expected: 0, windowCount: 6, windowExpected: 0, windowUpper: 3 } : x));
    const [e, ...rest] = findEpisodes(night(points([...calm(2), ...high(3), ...calm(10), ...calm(8)]), 5, 15), config);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ start: at(2), end: at(15) });
    expect(findEpisodes(night(points([...calm(2), ...calm(10), ...calm(8)]), 2, 12), config)).toEqual([]);
  });

  it("is ongoing (no end) while the quiet stretch is not yet over", () => {
    const [e] = findEpisodes(points([...calm(2), ...high(4), ...calm(5)]), config);
    expect(e).toMatchObject({ start: at(2), end: null, lastUnusual: at(6) });
  });

  it("starts at the first bucket above typical inside the first unusual window", () => {
    // The window ending at bucket 4 is the first unusual one; its buckets 2 and 3 were still typical.
    const counts = [2, 2, 2, 2, 12, 12, 12, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    const [e] = findEpisodes(points([6, 6, 6, 6, 17, 26, 36, 26, 16, 6, 6, 6, 6, 6, 6, 6], counts), config);
    expect(e).toMatchObject({ start: at(4), end: at(7) });
  });

  it("gives the same episodes for the same points", () => {
    const p = points([...calm(3), ...high(5), ...calm(7), ...high(3), ...calm(2)]);
    expect(findEpisodes(p, config)).toEqual(findEpisodes(p, config));
  });
});

describe("detectionPoints", () => {
  it("compares each window with the same window in earlier weeks", () => {
    const counts = new Map<number, number>();
    const start = T0 - 29 * 86_400_000;
    for (let t = start; t < T0 + 2 * 3600_000; t += STEP_MS) counts.set(t, 2);
    for (let i = 0; i < 6; i++) counts.set(T0 + i * STEP_MS, 12);
    const p = detectionPoints({ counts, from: T0 - 3600_000, to: T0 + 2 * 3600_000, dataStart: start, config });
    const first = p.find((x) => x.t === T0)!;
    expect(first).toMatchObject({ count: 12, expected: 2, windowCount: 16, windowExpected: 6 });
    expect(findEpisodes(p, config)).toEqual([expect.objectContaining({ start: T0, end: T0 + 6 * STEP_MS })]);
  });
});

describe("linking", () => {
  const ep = (kind: Linkable["kind"], key: string, start: number, end: number | null, reports: number): Linkable => ({ kind, key, start, end, reports, expected: 0 });

  it("knows which scope lies within another", () => {
    expect(scopeWithin({ kind: "service-isp", key: "whatsapp|zong" }, { kind: "service", key: "whatsapp" })).toBe(true);
    expect(scopeWithin({ kind: "service-isp", key: "whatsapp|zong" }, { kind: "isp", key: "zong" })).toBe(true);
    expect(scopeWithin({ kind: "service-isp", key: "whatsapp|zong" }, { kind: "service-isp", key: "whatsapp|jazz" })).toBe(false);
    expect(scopeWithin({ kind: "district", key: "lahore" }, { kind: "province", key: "punjab" })).toBe(true);
    expect(scopeWithin({ kind: "district-isp", key: "lahore|ptcl" }, { kind: "isp", key: "ptcl" })).toBe(true);
    expect(scopeWithin({ kind: "district", key: "lahore" }, { kind: "province", key: "sindh" })).toBe(false);
    expect(scopeWithin({ kind: "service", key: "whatsapp" }, { kind: "isp", key: "zong" })).toBe(false);
  });

  it("joins overlapping episodes of intersecting scopes into one event, primary the largest", () => {
    const groups = linkEpisodes([
      ep("service-isp", "whatsapp|zong", at(2), at(10), 50),
      ep("province", "sindh", at(1), at(12), 60),
      ep("service", "whatsapp", at(0), at(11), 80),
      ep("isp", "zong", at(3), null, 55),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.map((e) => `${e.kind}:${e.key}`)).toEqual(["service:whatsapp", "service-isp:whatsapp|zong", "province:sindh", "isp:zong"]);
  });

  it("lets a province or ISP join the service event with the nearest onset, never bridge two", () => {
    const groups = linkEpisodes([
      ep("service", "vpn", at(0), at(200), 500), // a block since dawn
      ep("service", "whatsapp", at(100), at(120), 80), // the noon failure
      ep("service-isp", "whatsapp|zong", at(101), at(119), 40),
      ep("province", "sindh", at(99), at(121), 90),
      ep("isp", "zong", at(102), at(118), 45),
    ]);
    expect(groups.map((g) => g.map((e) => e.key).sort())).toEqual([["vpn"], ["sindh", "whatsapp", "whatsapp|zong", "zong"]]);
  });

  it("joins broad episodes among themselves when no service event is there", () => {
    const groups = linkEpisodes([ep("isp", "zong", at(0), at(10), 80), ep("province", "sindh", at(2), at(9), 60), ep("isp", "jazz", at(3), at(8), 20)]);
    expect(groups.map((g) => g.map((e) => e.key))).toEqual([["zong", "sindh", "jazz"]]);
  });

  it("keeps apart events at different times, or in scopes that cannot share a report", () => {
    const groups = linkEpisodes([
      ep("service", "whatsapp", at(0), at(10), 80),
      ep("service", "youtube", at(8), at(12), 30), // began 40 minutes later: another cause
      ep("service", "whatsapp", at(20), at(30), 40),
    ]);
    expect(groups.map((g) => g.map((e) => `${e.key}@${(e.start - T0) / STEP_MS}`))).toEqual([["whatsapp@0"], ["youtube@8"], ["whatsapp@20"]]);
  });

  it("joins services that began failing together", () => {
    const groups = linkEpisodes([ep("service", "whatsapp", at(0), at(20), 80), ep("service", "youtube", at(3), at(18), 30), ep("province", "sindh", at(1), at(19), 200)]);
    expect(groups.map((g) => g.map((e) => e.key))).toEqual([["whatsapp", "youtube", "sindh"]]);
  });

  it("never chains through a third scope: WhatsApp on Zong, Zong, YouTube on Zong, YouTube", () => {
    const groups = linkEpisodes([
      ep("service-isp", "whatsapp|zong", at(0), at(40), 80),
      ep("isp", "zong", at(2), at(40), 90),
      ep("service-isp", "youtube|zong", at(10), at(40), 40),
      ep("service", "youtube", at(12), at(40), 60),
    ]);
    expect(groups.map((g) => g.map((e) => e.key).sort())).toEqual([["whatsapp|zong", "zong"], ["youtube", "youtube|zong"]]);
  });

  it("lets an ongoing nationwide block keep its own scopes but not absorb a later event in two cities", () => {
    const groups = linkEpisodes([
      ep("service", "vpn", at(0), null, 900),
      ep("service-isp", "vpn|zong", at(1), null, 300),
      ep("province", "punjab", at(2), null, 400),
      ep("service-isp", "vpn|jazz", at(60), at(70), 50), // a flare hours later, within the block
      ep("service", "youtube", at(100), at(108), 40),
      ep("district", "lahore", at(101), at(108), 30),
      ep("district", "karachi-south", at(100), at(107), 25),
    ]);
    expect(groups.map((g) => g.map((e) => e.key).sort())).toEqual([
      ["punjab", "vpn", "vpn|jazz", "vpn|zong"],
      ["karachi-south", "lahore", "youtube"],
    ]);
  });

  it("gives the same groups whatever order the episodes come in", () => {
    const list = [ep("service", "whatsapp", at(0), at(10), 80), ep("isp", "zong", at(5), at(15), 80), ep("service", "vpn", at(12), at(20), 10)];
    expect(linkEpisodes([...list].reverse())).toEqual(linkEpisodes(list));
  });
});

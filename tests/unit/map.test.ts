import { describe, expect, it } from "vitest";
import { areaValue, tooltipHtml } from "@/components/map/area-values";
import type { MapAreaDatum, MapLabels } from "@/components/map/map-types";
import { DAY_MS, WEEK_MS } from "@/lib/detection/baseline";
import { historyWindows } from "@/lib/map/history-windows";
import { parseMapOptions } from "@/lib/map/map-options";
import { replaySeries } from "@/lib/map/replay";
import { SHADE_CLASSES, shadeClass } from "@/lib/map/shade";

const T = Date.parse("2024-11-21T12:00:00Z");
const overlaps = (a: { from: number; to: number }, b: { from: number; to: number }) => a.from < b.to && b.from < a.to;

describe("historyWindows", () => {
  it("compares a day with the same day 1–4 weeks and 1–6 days back", () => {
    const h = historyWindows({ from: T - DAY_MS, to: T });
    expect(h.weekly.map((w) => (T - w.to) / WEEK_MS)).toEqual([1, 2, 3, 4]);
    expect(h.daily.map((w) => (T - w.to) / DAY_MS)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ["7 days", 7 * DAY_MS + 4 * 60_000, 1],
    ["30 days", 30 * DAY_MS, 5],
    ["8 days", 8 * DAY_MS, 2],
  ])("shifts a %s window by whole weeks at least as long as it, with no daily fallback", (_, length, weeks) => {
    const window = { from: T - length, to: T };
    const h = historyWindows(window);
    expect(h.daily).toEqual([]);
    expect(h.weekly.map((w) => (T - w.to) / WEEK_MS)).toEqual([1, 2, 3, 4].map((k) => k * weeks));
    // No history window overlaps another by more than the one partial bucket allowed for.
    for (const w of h.weekly) expect(w.to - w.from).toBe(length);
    if (length % WEEK_MS === 0) for (const w of h.weekly) expect(overlaps(w, window)).toBe(false);
  });
});

describe("shadeClass", () => {
  it("classes a ratio by the legend's thresholds when the status rules call it a problem", () => {
    expect(shadeClass({ count: 100, ratio: 0.5, level: "problem" })).toBe("below");
    expect(shadeClass({ count: 100, ratio: 1, level: "problem" })).toBe("typical");
    expect(shadeClass({ count: 100, ratio: 1.7, level: "problem" })).toBe("x1_5");
    expect(shadeClass({ count: 100, ratio: 3, level: "problem" })).toBe("x2");
    expect(shadeClass({ count: 100, ratio: 5, level: "problem" })).toBe("x4");
    expect(shadeClass({ count: 100, ratio: 8, level: "problem" })).toBe("x8");
  });

  it("keeps a normal area at typical and an elevated one out of the darkest classes", () => {
    expect(shadeClass({ count: 3, ratio: 3, level: "normal" })).toBe("typical");
    expect(shadeClass({ count: 5, ratio: 5, level: "elevated" })).toBe("x2");
    expect(shadeClass({ count: 3, ratio: 3 })).toBe("typical");
    expect(shadeClass({ count: 9, ratio: 9 })).toBe("x2");
    expect(shadeClass({ count: 10, ratio: 9 })).toBe("x8");
  });

  it("tells reports without a baseline from no reports", () => {
    expect(shadeClass({ count: 4, ratio: null })).toBe("no-baseline");
    expect(shadeClass({ count: 0, ratio: null })).toBe("none");
  });

  it("uses a palette that gets darker class by class (readable in greyscale)", () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const l = SHADE_CLASSES.map((c) => luminance(c.colour));
    for (let i = 1; i < l.length; i++) expect(l[i]!).toBeLessThan(l[i - 1]!);
  });
});

describe("replay", () => {
  const table = { starts: ["a", "b", "c"], rows: [{ area: "karachi-south", counts: [1, 0, 2] }, { area: "karachi-east", counts: [0, 3, 1] }, { area: "lahore", counts: [5, 0, 0] }] };

  it("sums districts into provinces per step", () => {
    expect(replaySeries(table, "province").counts).toEqual({ sindh: [1, 3, 3], punjab: [5, 0, 0] });
    expect(replaySeries(table, "district").counts["karachi-east"]).toEqual([0, 3, 1]);
  });

  it("compares a step with the area's typical count spread over the steps", () => {
    const datum: MapAreaDatum = { area: "lahore", name: "Lahore", count: 5, expected: 30, ratio: 5 / 30, level: "normal", topService: null, topIsp: null };
    const replay = replaySeries(table, "district");
    const v = areaValue("lahore", datum, replay, 0);
    expect(v.count).toBe(5);
    expect(v.ratio).toBeCloseTo(5 / 10, 10);
    expect(areaValue("lahore", datum, replay, null).count).toBe(5);
  });
});

describe("tooltipHtml", () => {
  const labels = { reports: "Reports", ratio: "Against typical", noBaseline: "Not enough history", topService: "Top service", topIsp: "Top provider", inStep: "Reports at {time}" } as MapLabels;
  const number = new Intl.NumberFormat("en-GB");

  it("shows the name, count, ratio, top service and provider, escaped", () => {
    const datum: MapAreaDatum = { area: "x", name: "A<b>", count: 1234, expected: 100, ratio: 12.34, level: "problem", topService: "WhatsApp", topIsp: "Jazz & Co" };
    const html = tooltipHtml("A<b>", areaValue("x", datum, null, null), labels, number, null);
    expect(html).toContain("A&#60;b&#62;");
    expect(html).toContain("1,234");
    expect(html).toContain("×12.3");
    expect(html).toContain("WhatsApp");
    expect(html).toContain("Jazz &#38; Co");
  });

  it("says when there is not enough history", () => {
    const datum: MapAreaDatum = { area: "x", name: "X", count: 3, expected: 0, ratio: null, level: "unknown", topService: null, topIsp: null };
    expect(tooltipHtml("X", areaValue("x", datum, null, null), labels, number, null)).toContain("Not enough history");
  });
});

describe("parseMapOptions", () => {
  it("reads the level and layer, falling back to the defaults", () => {
    expect(parseMapOptions({ level: "province", layer: "both" })).toEqual({ level: "province", layer: "both" });
    expect(parseMapOptions({ level: "county", layer: ["heat", "areas"] })).toEqual({ level: "district", layer: "heat" });
  });
});

import { describe, expect, it } from "vitest";
import { dimensionsOf, HOURLY_SETS, hourlyRows, maskOf, pickHourlySet, pickTotalSet, setSize, splitByHours, TOTAL_SETS, totalRows } from "@/lib/reports/rollup-sets";

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

describe("hourlyRows", () => {
  const row = (minute: number, area: string, count: number) => ({
    bucket: new Date(at(14, minute)),
    area,
    isp: "zong",
    service: "whatsapp",
    connection: "mobile",
    problem: "slow",
    count,
  });

  it("sums 5-minute rows into their UTC hour in every set, '' for what a set sums away", () => {
    const rows = hourlyRows([row(5, "lahore", 2), row(55, "lahore", 1), row(10, "karachi-east", 4)]);
    const total = rows.find((r) => r.dims === 0)!;
    expect(total).toEqual({ dims: 0, bucket: new Date(at(14)), area: "", isp: "", service: "", connection: "", problem: "", count: 7 });
    const byArea = rows.filter((r) => r.dims === maskOf(["area"])).map((r) => [r.area, r.count]);
    expect(byArea.sort()).toEqual([["karachi-east", 4], ["lahore", 3]]);
    // Every set adds up to the same total.
    for (const set of HOURLY_SETS) expect(rows.filter((r) => r.dims === set).reduce((n, r) => n + r.count, 0)).toBe(7);
  });

  it("keeps hours apart and comes out sorted, set by set", () => {
    const rows = hourlyRows([row(5, "lahore", 1), { ...row(0, "lahore", 1), bucket: new Date(at(15)) }]);
    expect(rows.filter((r) => r.dims === 0).map((r) => r.bucket.toISOString())).toEqual([new Date(at(14)).toISOString(), new Date(at(15)).toISOString()]);
    const dims = rows.map((r) => r.dims);
    expect(dims).toEqual([...dims].sort((a, b) => a - b));
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

describe("totalRows", () => {
  it("sums 5-minute rows nationally and per district, ISP and service, keeping the bucket", () => {
    const base = { isp: "zong", service: "whatsapp", connection: "mobile", problem: "slow" };
    const rows = totalRows([
      { ...base, bucket: new Date(at(14, 5)), area: "lahore", count: 2 },
      { ...base, bucket: new Date(at(14, 5)), area: "quetta", service: "vpn", count: 1 },
      { ...base, bucket: new Date(at(14, 10)), area: "lahore", count: 4 },
    ]);
    const of = (dims: number) => rows.filter((r) => r.dims === dims).map((r) => `${new Date(r.bucket).getUTCMinutes()} ${r.key} ${r.count}`);
    expect(of(0)).toEqual(["5  3", "10  4"]);
    expect(of(maskOf(["area"]))).toEqual(["5 lahore 2", "5 quetta 1", "10 lahore 4"]);
    expect(of(maskOf(["service"]))).toEqual(["5 vpn 1", "5 whatsapp 2", "10 whatsapp 4"]);
    expect(rows.map((r) => r.dims)).toEqual([...rows.map((r) => r.dims)].sort((a, b) => a - b));
  });

  it("serves reads naming at most one of district, ISP and service", () => {
    expect(TOTAL_SETS).toHaveLength(4);
    expect(pickTotalSet(0)).toBe(0);
    expect(pickTotalSet(maskOf(["isp"]))).toBe(maskOf(["isp"]));
    expect(pickTotalSet(maskOf(["connection"]))).toBeUndefined();
    expect(pickTotalSet(maskOf(["isp", "service"]))).toBeUndefined();
  });
});

import { createHash } from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { Scope } from "@/lib/detection/scopes";
import { estimateImpact, type Impact, type ImpactCase } from "@/lib/impact/estimate";
import { CURRENT_INPUTS, IMPACT_VERSIONS } from "@/lib/impact/inputs";
import { totalImpact, type TimedImpact } from "@/lib/impact/totals";
import { parseImpactQuery } from "@/lib/impact/what-if";
import { ApiError } from "@/lib/errors";

// The worked examples of the research notes (docs/impact.md, "Worked
// examples"; Y_day = $927.0 m, severity 1), in millions of US dollars as
// the notes round them.

const inputs = IMPACT_VERSIONS.find((v) => v.version === "2026-12-07")!;
const all = (kind: "mobile" | "fixed" | "both") =>
  kind === "both" ? [{ key: "mobile", count: 50 }, { key: "fixed", count: 50 }] : [{ key: kind, count: 100 }];
const incident = (hours: number, scopes: Scope[], o: { connection?: "mobile" | "fixed" | "both"; problem?: string } = {}): ImpactCase => ({
  hours,
  scopes,
  reports: 100,
  expected: 0,
  connections: all(o.connection ?? "both"),
  problems: [{ key: o.problem ?? "no_connection", count: 100 }],
});
const estimate = (c: ImpactCase) => {
  const r = estimateImpact(c, inputs);
  if (!r.ok) throw new Error(r.reason);
  return r.impact;
};
/** Within the notes' rounding: the figure they print, to its last digit. */
const near = (value: number, printed: number, unit = 1e6) => {
  const digits = String(printed).split(".")[1]?.length ?? 0;
  expect(Math.abs(value / unit - printed)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9);
};
const range = (i: Impact, low: number, central: number, high: number) => {
  near(i.low, low);
  near(i.central, central);
  near(i.high, high);
};
const S = (kind: Scope["kind"], key: string): Scope => ({ kind, key });

describe("the economic-impact estimate", () => {
  it("reproduces the worked examples of the research notes", () => {
    range(estimate(incident(10, [S("service", "internet")], { connection: "mobile" })), 0.8, 2.9, 19.5);
    range(estimate(incident(864, [S("service", "internet"), S("province", "balochistan")], { connection: "mobile" })), 3.1, 11.0, 74.1);
    const x = estimate(incident(318 * 24, [S("service", "x")], { problem: "site_blocked" }));
    near(x.low, 23.6);
    near(x.central, 147);
    near(x.high, 1.53, 1e9);
    range(estimate(incident(48, [S("service", "whatsapp")], { problem: "media_fails" })), 0.07, 0.56, 7.7);
    range(estimate(incident(72, [S("service", "internet"), S("province", "islamabad-capital-territory")], { connection: "mobile" })), 0.06, 0.37, 2.7);
    range(estimate(incident(24, [S("isp", "jazz")], { connection: "mobile" })), 0.36, 2.6, 17.4);
    range(estimate(incident(7 * 24, [S("service", "internet")], { problem: "slow" })), 3.2, 16.2, 169);
    const vpn = estimate(incident(7 * 24, [S("service", "vpn")], { problem: "vpn_blocked" })).terms.find((t) => t.name === "itExports")!;
    near(vpn.value.low, 1.2);
    near(vpn.value.central, 3.1);
    near(vpn.value.high, 6.1);
  });

  it("orders every range low ≤ central ≤ high, whatever the incident", () => {
    const kinds: Scope[][] = [
      [S("service", "internet")],
      [S("service", "whatsapp"), S("isp", "zong"), S("province", "sindh")],
      [S("service-isp", "youtube|ptcl"), S("district-isp", "lahore|ptcl")],
      [S("service", "vpn"), S("district", "karachi-south")],
    ];
    for (const scopes of kinds) {
      for (const connection of ["mobile", "fixed", "both"] as const) {
        const i = estimate({ ...incident(5, scopes, { connection }), reports: 40, expected: 12 });
        expect(i.low).toBeLessThanOrEqual(i.central);
        expect(i.central).toBeLessThanOrEqual(i.high);
        expect(i.pkr.central).toBeCloseTo(i.central * inputs.pkrPerUsd.value);
      }
    }
  });

  it("takes each term from the incident: a district under its province counts once, providers add up, the heaviest service wins", () => {
    const i = estimate({
      ...incident(2, [S("service", "whatsapp"), S("service", "internet"), S("province", "sindh"), S("district", "karachi-south"), S("isp", "jazz"), S("isp", "zong")]),
      reports: 80,
      expected: 20,
    });
    const term = (name: string) => i.terms.find((t) => t.name === name)!;
    expect(term("areaShare").value).toEqual(inputs.areaShares.provinces.sindh);
    expect(term("areaShare").basis.areas).toEqual(["sindh"]);
    expect(term("networkShare").value.central).toBeCloseTo((0.372 + 0.289) * 0.75);
    expect(term("serviceWeight").basis).toEqual({ service: "internet", kind: "full" });
    expect(term("severity").value.central).toBeCloseTo(0.75);
    expect(i.areas).toEqual(["sindh"]);
  });

  it("says when an area has no published share, rather than guessing", () => {
    expect(estimateImpact(incident(3, [S("service", "internet"), S("province", "gilgit-baltistan")]), inputs)).toMatchObject({ ok: false, reason: "no_area_share" });
  });

  it("applies a what-if to every bound and lists what it changed", () => {
    const base = estimate(incident(10, [S("service", "internet")], { connection: "mobile" }));
    const r = estimateImpact(incident(10, [S("service", "internet")], { connection: "mobile" }), inputs, { lossRate: 0.02, pkrPerUsd: 300 });
    if (!r.ok) throw new Error();
    expect(r.impact.changed).toEqual(["lossRate", "pkrPerUsd"]);
    expect(r.impact.central).toBeCloseTo((base.central / 0.01) * 0.02);
    expect(r.impact.low).toBeCloseTo((base.low / 0.004) * 0.02);
    expect(r.impact.pkr.central).toBeCloseTo(r.impact.central * 300);
  });

  it("refuses a what-if out of range or an unknown inputs version, naming the parameter", () => {
    const field = (q: string) => {
      try {
        parseImpactQuery(new URLSearchParams(q));
        return "accepted";
      } catch (e) {
        return e instanceof ApiError ? e.field : "other";
      }
    };
    expect(field("lossRate=1.5")).toBe("lossRate");
    expect(field("areaShare=-0.1")).toBe("areaShare");
    expect(field("days=abc")).toBe("days");
    expect(field("inputs=1999-01-01")).toBe("inputs");
    expect(field("inputs=2026-12-07&severity=0.5")).toBe("accepted");
    expect(parseImpactQuery(new URLSearchParams("")).inputs).toBe(CURRENT_INPUTS);
  });

  it("never changes a published version: each file's digest is pinned", () => {
    const pinned: Record<string, string> = { "2026-12-07": "4bddab04d88780c1e5465ee2fdca2ea0873f4994af5301f3ec428bf6f0411fea" };
    expect(IMPACT_VERSIONS.map((v) => v.version)).toEqual(Object.keys(pinned));
    for (const [version, sha] of Object.entries(pinned)) {
      expect(createHash("sha256").update(fs.readFileSync(`reference/impact/${version}.json`)).digest("hex"), version).toBe(sha);
    }
  });
});

describe("totals over a window", () => {
  const H = 3600_000;
  const item = (id: number, start: number, hours: number, areas: string[] | "all", central: number): TimedImpact => ({
    id,
    start: start * H,
    end: (start + hours) * H,
    areas,
    impact: { low: central / 2, central, high: central * 2 },
  });

  it("counts overlapping incidents in the same area once, the heaviest in each hour", () => {
    // Incident 1: 10 an hour for 10 hours; incident 2: 20 an hour in hours 2–6, inside it.
    const t = totalImpact([item(1, 0, 10, "all", 100), item(2, 2, 4, "all", 80)], 0, 24 * H);
    expect(t.central).toBeCloseTo(6 * 10 + 4 * 20);
    expect(t.central).toBeLessThan(100 + 80);
    // The lighter one inside a heavier one adds nothing.
    expect(totalImpact([item(1, 0, 10, "all", 100), item(2, 2, 4, "all", 20)], 0, 24 * H)).toMatchObject({ central: 100, incidents: 1 });
    // A province and one of its districts overlap too.
    expect(totalImpact([item(1, 0, 4, ["sindh"], 40), item(2, 0, 4, ["karachi-south"], 10)], 0, 24 * H).central).toBeCloseTo(40);
  });

  it("adds incidents in different areas, or at different times", () => {
    expect(totalImpact([item(1, 0, 4, ["sindh"], 40), item(2, 0, 4, ["punjab"], 10)], 0, 24 * H).central).toBeCloseTo(50);
    expect(totalImpact([item(1, 0, 4, "all", 40), item(2, 6, 4, "all", 10)], 0, 24 * H).central).toBeCloseTo(50);
  });

  it("takes the part of an incident inside the window, and keeps low ≤ central ≤ high", () => {
    const t = totalImpact([item(1, 0, 10, "all", 100), item(2, 5, 10, ["sindh"], 300)], 0, 10 * H);
    // Hours 0–5: incident 1 only (50); hours 5–10: incident 2's half (150) is heavier and overlaps the whole country.
    expect(t.central).toBeCloseTo(50 + 150);
    expect(t.low).toBeLessThanOrEqual(t.central);
    expect(t.high).toBeGreaterThanOrEqual(t.central);
  });
});

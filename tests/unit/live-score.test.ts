import { describe, expect, it } from "vitest";
import { compareIncidents, scopeFindsLabel, scopeFitsLabel, scoreIncidents, type Label, type StoredIncident } from "@/lib/detection/evaluation/live-score";
import type { Scope } from "@/lib/detection/scopes";

const MIN = 60_000;
const ptclLahore: Label = { name: "PTCL in Lahore", scope: { isps: ["ptcl"], areas: ["lahore"] }, start: 100 * MIN, end: 160 * MIN };
const vpn: Label = { name: "VPN", scope: { services: ["vpn"] }, start: 0, end: 600 * MIN };
const youtube: Label = { name: "YouTube in two cities", scope: { services: ["youtube"], areas: ["lahore", "islamabad"] }, start: 200 * MIN, end: 240 * MIN };

const incident = (id: number, scopes: (Scope & { start: number; end: number | null; openedAt?: number })[]): StoredIncident => ({
  id,
  primary: scopes[0]!,
  start: Math.min(...scopes.map((s) => s.start)),
  end: scopes.some((s) => s.end === null) ? null : Math.max(...scopes.map((s) => s.end!)),
  scopes: scopes.map((s) => ({ ...s, openedAt: s.openedAt ?? s.start + 10 * MIN })),
});

describe("live eval: matching incidents to labels", () => {
  it("fits by every dimension the label names, areas by district or the province holding it", () => {
    expect(scopeFitsLabel({ kind: "province", key: "punjab" }, ptclLahore)).toBe(true);
    expect(scopeFitsLabel({ kind: "district", key: "lahore" }, ptclLahore)).toBe(true);
    expect(scopeFitsLabel({ kind: "district", key: "multan" }, ptclLahore)).toBe(false);
    expect(scopeFitsLabel({ kind: "province", key: "sindh" }, ptclLahore)).toBe(false);
    expect(scopeFitsLabel({ kind: "service-isp", key: "internet|ptcl" }, ptclLahore)).toBe(true);
    expect(scopeFitsLabel({ kind: "isp", key: "jazz" }, ptclLahore)).toBe(false);
    expect(scopeFitsLabel({ kind: "isp", key: "jazz" }, vpn)).toBe(true);
  });

  it("finds only with a dimension the label names: Jazz fits a nationwide VPN block but does not find it", () => {
    expect(scopeFindsLabel({ kind: "isp", key: "jazz" }, vpn)).toBe(false);
    expect(scopeFindsLabel({ kind: "service-isp", key: "vpn|jazz" }, vpn)).toBe(true);
    expect(scopeFindsLabel({ kind: "district-isp", key: "lahore|ptcl" }, ptclLahore)).toBe(true);
    expect(scopeFindsLabel({ kind: "service", key: "internet" }, ptclLahore)).toBe(false);
  });

  it("scores precision by fit, recall and delay by finding, and counts merges and splits", () => {
    const stored = [
      incident(1, [{ kind: "service", key: "vpn", start: 5 * MIN, end: 600 * MIN, openedAt: 15 * MIN }, { kind: "service", key: "youtube", start: 200 * MIN, end: 240 * MIN }]),
      incident(2, [{ kind: "isp", key: "jazz", start: 300 * MIN, end: 330 * MIN }]),
      incident(3, [{ kind: "isp", key: "ptcl", start: 700 * MIN, end: 730 * MIN }]),
    ];
    const score = scoreIncidents(stored, [vpn, youtube], [{ name: "busy evening", start: 690 * MIN, end: 800 * MIN }], { from: 0, to: 1440 * MIN });
    expect(score.precision).toBeCloseTo(2 / 3);
    expect(score.recall).toBe(1);
    expect(score.delaysMs).toEqual([15 * MIN, 10 * MIN]);
    // A finding scope already open when the event began: delay 0, and when it opened.
    const early = scoreIncidents([incident(4, [{ kind: "service", key: "youtube", start: 150 * MIN, end: 240 * MIN, openedAt: 160 * MIN }])], [youtube], [], { from: 0, to: 1440 * MIN });
    expect(early.labels[0]).toMatchObject({ openedAt: 160 * MIN, delayMs: 0 });
    expect(score.merged.map((i) => i.id)).toEqual([1]);
    expect(score.split.map((r) => r.label.name)).toEqual(["VPN"]);
    expect(score.falseAlarms).toEqual([{ incident: stored[2], decoy: "busy evening" }]);
  });
});

describe("live eval: stepped vs single pass", () => {
  it("pairs by primary scope and overlap; an incident in one only, or ends more than a step apart, disagree", () => {
    const a = [incident(1, [{ kind: "service", key: "vpn", start: 0, end: 60 * MIN }]), incident(2, [{ kind: "isp", key: "zong", start: 0, end: null }])];
    const b = [incident(7, [{ kind: "service", key: "vpn", start: 5 * MIN, end: 50 * MIN }]), incident(8, [{ kind: "isp", key: "jazz", start: 0, end: 10 * MIN }])];
    const c = compareIncidents(a, b, 120 * MIN);
    expect(c.pairs.map((p) => [p.a.id, p.b.id, p.startDiffMs, p.endDiffMs])).toEqual([[1, 7, 5 * MIN, 10 * MIN]]);
    expect(c.onlyA.map((i) => i.id)).toEqual([2]);
    expect(c.onlyB.map((i) => i.id)).toEqual([8]);
    expect(c.disagreements).toBe(3);
  });
});

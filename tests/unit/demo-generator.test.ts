import { describe, expect, it } from "vitest";
import type { BulkReport } from "@/db/bulk-load";
import { demoAnchor } from "@/db/seed/demo";
import { DEMO_DAYS, HOTSPOTS, generateDemoReports } from "@/db/seed/demo-generator";
import { computeBaseline } from "@/lib/detection/baseline";
import { statusLevel } from "@/lib/detection/status";
import { isInProvince } from "@/lib/geo/provinces";
import { findArea, findIsp, findService, provinceOf } from "@/lib/reference";
import { poisson, randomUuid, seededRandom, weightedPicker } from "@/lib/random";
import { CONNECTIONS, PROBLEMS, SOURCES } from "@/lib/reports/vocabulary";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SLOT = 5 * 60_000;
const anchor = new Date("2024-11-28T12:00:00Z");
const seed = 20_241_115;

function take<T>(it: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const x of it) {
    if (out.length >= n) break;
    out.push(x);
  }
  return out;
}

// One full run shared by the tests below (about a second).
const all: BulkReport[] = [...generateDemoReports({ anchor, seed })];

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const KARACHI = HOTSPOTS.filter((s) => s.startsWith("karachi-"));

describe("seededRandom and helpers", () => {
  it("repeats for the same seed and differs across seeds", () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it("makes version-4 UUIDs, weighted choices and Poisson counts", () => {
    const r = seededRandom(7);
    for (let i = 0; i < 200; i++) expect(randomUuid(r)).toMatch(UUID_V4);
    const pickAB = weightedPicker([["a", 9], ["b", 1], ["never", 0]] as const);
    const picks = Array.from({ length: 5000 }, () => pickAB(r));
    expect(picks).not.toContain("never");
    expect(picks.filter((p) => p === "a").length / picks.length).toBeCloseTo(0.9, 1);
    const mean = (lambda: number) => Array.from({ length: 4000 }, () => poisson(r, lambda)).reduce((s, x) => s + x, 0) / 4000;
    expect(mean(3)).toBeCloseTo(3, 0);
    expect(mean(80)).toBeGreaterThan(78);
    expect(mean(80)).toBeLessThan(82);
    expect(poisson(r, 0)).toBe(0);
  });
});

describe("generateDemoReports", () => {
  it("gives identical reports for the same anchor and seed", () => {
    const a = take(generateDemoReports({ anchor, seed }), 1000);
    const b = take(generateDemoReports({ anchor, seed }), 1000);
    expect(a).toHaveLength(1000);
    expect(b).toEqual(a);
    expect(a).toEqual(all.slice(0, 1000));
  });

  it("gives different reports for a different seed", () => {
    const a = take(generateDemoReports({ anchor, seed }), 1000);
    const b = take(generateDemoReports({ anchor, seed: seed + 1 }), 1000);
    expect(b).not.toEqual(a);
    const keysOfA = new Set(a.map((r) => r.idempotencyKey));
    expect(b.filter((r) => keysOfA.has(r.idempotencyKey))).toEqual([]);
  });

  it("makes a demo of plausible size", () => {
    expect(all.length).toBeGreaterThan(60_000);
    expect(all.length).toBeLessThan(120_000);
  });

  // Per-row checks collect what is wrong and assert once: 70k expect() calls
  // would take longer than the generator.
  const problems = (check: (r: BulkReport) => string | undefined) => {
    const found: string[] = [];
    for (const r of all) {
      const p = check(r);
      if (p && found.length < 5) found.push(`${p}: ${JSON.stringify(r)}`);
    }
    return found;
  };

  it("uses only known districts, ISPs and services, with a connection the ISP offers", () => {
    const connections = new Set<string>(CONNECTIONS);
    const problemNames = new Set<string>(PROBLEMS);
    const sources = new Set<string>(SOURCES);
    const found = problems((r) => {
      if (findArea(r.area)?.level !== "district") return "area";
      const isp = findIsp(r.isp);
      if (!isp) return "isp";
      if (!findService(r.service)) return "service";
      if (!connections.has(r.connection)) return "connection";
      if (!problemNames.has(r.problem)) return "problem";
      if (!sources.has(r.source)) return "source";
      if (isp.kind === "mobile" && r.connection !== "mobile") return "mobile ISP on fixed";
      if ((isp.kind === "fixed" || isp.kind === "education") && r.connection !== "fixed") return "fixed ISP on mobile";
      return undefined;
    });
    expect(found).toEqual([]);
  });

  it("keeps every time within the four weeks before the anchor", () => {
    const from = anchor.getTime() - DEMO_DAYS * DAY;
    const to = anchor.getTime();
    const found = problems((r) => {
      const observed = r.observedAt.getTime();
      const received = r.receivedAt.getTime();
      if (observed < from || observed >= to) return "observedAt outside [anchor - 28 d, anchor)";
      if (received < observed || received - observed > 20 * 60_000) return "receivedAt not 0–20 min after observedAt";
      if (received > to) return "receivedAt after the anchor";
      return undefined;
    });
    expect(found).toEqual([]);
  });

  it("fills the other fields validly", () => {
    const found = problems((r) => {
      if (!UUID_V4.test(r.idempotencyKey)) return "idempotencyKey";
      if (!/^[0-9a-f]{32}$/.test(r.clientKey)) return "clientKey";
      if (r.speedKbps != null && !(Number.isInteger(r.speedKbps) && r.speedKbps > 0)) return "speedKbps";
      if (r.comment != null && r.comment.length > 500) return "comment";
      if ((r.cellLat == null) !== (r.cellLon == null)) return "cell";
      return undefined;
    });
    expect(found).toEqual([]);
    expect(new Set(all.map((r) => r.idempotencyKey)).size).toBe(all.length);
    // Some reporters come back; most are one-off.
    const perKey = new Map<string, number>();
    for (const r of all) perKey.set(r.clientKey, (perKey.get(r.clientKey) ?? 0) + 1);
    expect(perKey.size).toBeLessThan(all.length);
    expect([...perKey.values()].some((n) => n >= 5)).toBe(true);
    const share = (f: (r: BulkReport) => boolean) => all.filter(f).length / all.length;
    expect(share((r) => r.cellLat != null)).toBeGreaterThan(0.1);
    expect(share((r) => r.cellLat != null)).toBeLessThan(0.2);
    expect(share((r) => r.comment != null)).toBeGreaterThan(0.01);
    expect(share((r) => r.comment != null)).toBeLessThan(0.03);
    expect(share((r) => r.source === "web")).toBeGreaterThan(0.8);
  });

  it("puts coarse locations on the grid, near the district and inside its province", () => {
    const found = problems((r) => {
      if (r.cellLat == null || r.cellLon == null) return undefined;
      const area = findArea(r.area)!;
      if (Math.abs(r.cellLat - area.lat) > 0.1 || Math.abs(r.cellLon - area.lon) > 0.1) return "cell far from the district";
      // Cell centres sit at x.025 / x.075.
      if (Math.abs(Math.round(r.cellLat * 1000)) % 50 !== 25 || Math.abs(Math.round(r.cellLon * 1000)) % 50 !== 25) return "not a cell centre";
      return undefined;
    });
    expect(found).toEqual([]);
    const located = all.filter((r) => r.cellLat != null).slice(0, 2000);
    const outside = located.filter((r) => !isInProvince({ lat: r.cellLat!, lon: r.cellLon! }, provinceOf(r.area)!.slug));
    // The raw point is checked; snapping can move a border cell out by < 3 km.
    expect(outside.length / located.length).toBeLessThan(0.02);
  });

  it("shows the midday mobile throttling in Karachi on the last day", () => {
    const day = Math.floor((anchor.getTime() - 1) / DAY) * DAY;
    const count = (fromH: number, toH: number) =>
      all.filter(
        (r) =>
          KARACHI.includes(r.area) &&
          r.connection === "mobile" &&
          r.service === "whatsapp" &&
          r.observedAt.getTime() >= day + fromH * HOUR &&
          r.observedAt.getTime() < day + toH * HOUR,
      ).length;
    const midday = count(7, 8.5);
    const night = count(3, 4.5);
    expect(midday).toBeGreaterThan(night);
    expect(midday).toBeGreaterThan(3 * Math.max(night, 5));
  });

  it("leaves broadband almost untouched at midday and blocks VPNs only in the last eight days", () => {
    const last = anchor.getTime() - DAY;
    const inWindow = (r: BulkReport) => {
      const h = (r.observedAt.getTime() % DAY) / HOUR;
      return r.observedAt.getTime() >= last && h >= 7 && h < 8.5;
    };
    const media = new Set(["whatsapp", "youtube", "facebook", "instagram"]);
    const mobile = all.filter((r) => inWindow(r) && r.connection === "mobile" && media.has(r.service)).length;
    const fixed = all.filter((r) => inWindow(r) && r.connection === "fixed" && media.has(r.service)).length;
    expect(mobile).toBeGreaterThan(6 * fixed);

    const vpnBlocked = (from: number, to: number) =>
      all.filter((r) => r.problem === "vpn_blocked" && r.observedAt.getTime() >= from && r.observedAt.getTime() < to).length;
    const a = anchor.getTime();
    const before = vpnBlocked(a - 16 * DAY, a - 8 * DAY);
    const after = vpnBlocked(a - 8 * DAY, a);
    expect(after).toBeGreaterThan(8 * before);
    const vpnConnections = new Set(all.filter((r) => r.problem === "vpn_blocked" && r.observedAt.getTime() >= a - 8 * DAY).map((r) => r.connection));
    expect(vpnConnections).toEqual(new Set(["mobile", "fixed"]));
  });

  it("puts one midday episode in the last 24 hours whatever the hour of the anchor", () => {
    for (const hour of [7, 8, 13]) {
      const at = new Date(Date.UTC(2024, 10, 28, hour));
      const last24 = [...generateDemoReports({ anchor: at, seed })].filter(
        (r) => r.observedAt.getTime() >= at.getTime() - DAY && r.connection === "mobile" && r.service === "whatsapp",
      );
      const byHour = new Array<number>(24).fill(0);
      for (const r of last24) byHour[r.observedAt.getUTCHours()]!++;
      // 07:00–08:00 UTC (noon PKT) stands out against the small hours.
      const peak = Math.max(byHour[7]!, byHour[8]!);
      expect(peak, `anchor ${at.toISOString()}`).toBeGreaterThan(3 * Math.max(byHour[3]!, byHour[4]!, 3));
    }
  }, 30_000);

  // What the overview's status reads right after `npm run demo` starts: the
  // last hour before the anchor against the same hour 1–4 weeks back.
  it("reads the VPN block as a problem in the last hour at any time of day", () => {
    const WEEK = 7 * DAY;
    for (const at of [demoAnchor(new Date("2024-11-28T11:57:12Z")), new Date("2024-11-28T02:35:00Z"), new Date("2024-11-28T19:05:00Z")]) {
      const a = at.getTime();
      const perWeek = new Array<number>(5).fill(0);
      for (const r of generateDemoReports({ anchor: at, seed })) {
        if (r.service !== "vpn") continue;
        const bucket = Math.floor(r.observedAt.getTime() / SLOT) * SLOT;
        for (let w = 0; w <= 4; w++) if (bucket >= a - w * WEEK - HOUR && bucket < a - w * WEEK) perWeek[w]!++;
      }
      const baseline = computeBaseline({ weekly: perWeek.slice(1), daily: [] });
      const level = statusLevel({ current: perWeek[0]!, expected: baseline.expected, upper: baseline.upper });
      expect(level, `anchor ${at.toISOString()}: ${perWeek.join(", ")}`).toBe("problem");
    }
  }, 30_000);
});

describe("demoAnchor", () => {
  it("ends the demo at the start of the current 5-minute slot", () => {
    expect(demoAnchor(new Date("2026-11-23T11:57:12.345Z")).toISOString()).toBe("2026-11-23T11:55:00.000Z");
    expect(demoAnchor(new Date("2026-11-23T12:00:00.000Z")).toISOString()).toBe("2026-11-23T12:00:00.000Z");
  });
});

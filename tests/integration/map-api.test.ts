import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getMap } from "@/app/api/v1/map/route";
import { bulkInsertReports, rebuildRollup, type BulkReport } from "@/db/bulk-load";
import { GroupCommit } from "@/db/ingest";
import { coarsen } from "@/lib/geo/coarsen";
import { parseReport } from "@/lib/reports/report-schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, validReport } from "@/tests/support/reports";

// Reports in the last day through the ingest path, and the same day of the
// three weeks before (bulk-loaded: the API refuses reports over 72 hours
// old). Every expected number below is counted from these lists in the test,
// independently of the rollup and the baseline code the API uses.
const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;
const TO = Math.floor(Date.now() / (5 * 60_000)) * 5 * 60_000 + 5 * 60_000;
const FROM = TO - 24 * HOUR;
const WINDOW = `from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`;

type Fixture = { area: string; isp: string; service: string; connection: "mobile" | "fixed"; ago: number; location?: { lat: number; lon: number } };
const current: Fixture[] = [
  { area: "karachi-south", isp: "zong", service: "whatsapp", connection: "mobile", ago: 0.2, location: { lat: 24.86, lon: 67.01 } },
  { area: "karachi-south", isp: "jazz", service: "whatsapp", connection: "mobile", ago: 0.3, location: { lat: 24.87, lon: 67.02 } },
  { area: "karachi-south", isp: "zong", service: "youtube", connection: "mobile", ago: 2 },
  { area: "karachi-east", isp: "ptcl", service: "youtube", connection: "fixed", ago: 1.5, location: { lat: 24.93, lon: 67.11 } },
  { area: "lahore", isp: "zong", service: "vpn", connection: "mobile", ago: 5.2, location: { lat: 31.52, lon: 74.35 } },
  { area: "lahore", isp: "nayatel", service: "vpn", connection: "fixed", ago: 5.3 },
  // Outside the window: counted nowhere below.
  { area: "quetta", isp: "telenor", service: "internet", connection: "mobile", ago: 30, location: { lat: 30.18, lon: 66.99 } },
];
// Reports per district in the same window 1, 2 and 3 weeks back.
const history: Record<string, [number, number, number]> = {
  "karachi-south": [6, 6, 6],
  lahore: [1, 1, 2],
  islamabad: [2, 2, 2],
};
const PROVINCE: Record<string, string> = { "karachi-south": "sindh", "karachi-east": "sindh", lahore: "punjab", islamabad: "islamabad-capital-territory", quetta: "balochistan" };

const observedAt = (f: Fixture) => TO - 5 * 60_000 - f.ago * HOUR;
const inWindow = (f: Fixture) => observedAt(f) >= FROM && observedAt(f) < TO;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

type AreaRow = { area: string; name: string; count: number; expected: number; baselineRatio: number | null; topService: { key: string } | null; topIsp: { key: string } | null };

describe.each(DRIVERS)("GET /api/v1/map on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const old: BulkReport[] = [];
    for (const [area, weeks] of Object.entries(history)) {
      weeks.forEach((n, i) => {
        for (let j = 0; j < n; j++) {
          const observedAt = new Date(TO - (i + 1) * WEEK - (3 + j) * HOUR);
          old.push({ observedAt, receivedAt: observedAt, area, isp: "ptcl", service: "internet", connection: "fixed", problem: "no_connection", source: "import", clientKey: "k", idempotencyKey: randomUUID() });
        }
      });
    }
    await bulkInsertReports(t.handle.db, old);
    await rebuildRollup(t.handle.db);
    const ingest = new GroupCommit(t.handle.db);
    for (const { ago, ...f } of current) {
      const parsed = parseReport(validReport({ ...f, problem: "media_fails", observedAt: new Date(observedAt({ ago, ...f })).toISOString() }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      // One client each: these fixtures are a crowd, not one client repeating itself.
      await ingest.submit({ report: parsed.report, source: "api", clientKey: randomUUID() });
    }
  });
  afterAll(async () => t?.drop());

  const fetchAreas = async (query: string) => {
    const res = await getMap(getRequest(`/api/v1/map?${WINDOW}&${query}`));
    expect(res.status).toBe(200);
    return (await res.json()) as AreaRow[];
  };
  const countBy = (key: (f: Fixture) => string, keep: (f: Fixture) => boolean = () => true) => {
    const out = new Map<string, number>();
    for (const f of current) if (inWindow(f) && keep(f)) out.set(key(f), (out.get(key(f)) ?? 0) + 1);
    return out;
  };

  it("counts each district's reports in the window against the same window in earlier weeks", async () => {
    const rows = await fetchAreas("level=district");
    const counts = countBy((f) => f.area);
    const expectedAreas = new Set([...counts.keys(), ...Object.keys(history)]);
    expect(new Set(rows.map((r) => r.area))).toEqual(expectedAreas);
    for (const r of rows) {
      const count = counts.get(r.area) ?? 0;
      const typical = median(history[r.area] ?? [0, 0, 0]);
      expect(r.count, r.area).toBe(count);
      expect(r.expected, r.area).toBe(typical);
      expect(r.baselineRatio, r.area).toBeCloseTo(count / Math.max(typical, 1), 10);
    }
    expect(rows.find((r) => r.area === "karachi-south")!.name).toBe("Karachi South");
  });

  it("sums districts into provinces, baseline included", async () => {
    const rows = await fetchAreas("level=province");
    const counts = countBy((f) => PROVINCE[f.area]!);
    const weekly = new Map<string, [number, number, number]>();
    for (const [area, weeks] of Object.entries(history)) {
      const sum = weekly.get(PROVINCE[area]!) ?? [0, 0, 0];
      weekly.set(PROVINCE[area]!, sum.map((n, i) => n + weeks[i]!) as [number, number, number]);
    }
    expect(new Set(rows.map((r) => r.area))).toEqual(new Set([...counts.keys(), ...weekly.keys()]));
    for (const r of rows) {
      const typical = median(weekly.get(r.area) ?? [0, 0, 0]);
      expect(r.count, r.area).toBe(counts.get(r.area) ?? 0);
      expect(r.baselineRatio, r.area).toBeCloseTo((counts.get(r.area) ?? 0) / Math.max(typical, 1), 10);
    }
  });

  it("names each area's most-reported service and ISP in the window", async () => {
    const rows = await fetchAreas("level=district");
    const ks = rows.find((r) => r.area === "karachi-south")!;
    const byService = countBy((f) => f.service, (f) => f.area === "karachi-south");
    const byIsp = countBy((f) => f.isp, (f) => f.area === "karachi-south");
    const best = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    expect(ks.topService?.key).toBe(best(byService));
    expect(ks.topIsp?.key).toBe(best(byIsp));
    // Islamabad has history but nothing in the window: no top service.
    expect(rows.find((r) => r.area === "islamabad")!.topService).toBeNull();
  });

  it.each([
    ["isp=zong", (f: Fixture) => f.isp === "zong"],
    ["connection=fixed", (f: Fixture) => f.connection === "fixed"],
    ["area=sindh&service=whatsapp", (f: Fixture) => PROVINCE[f.area] === "sindh" && f.service === "whatsapp"],
  ])("applies the dashboard's filters: %s", async (query, keep) => {
    const rows = await fetchAreas(`level=district&${query}`);
    const counts = countBy((f) => f.area, keep);
    for (const [area, n] of counts) expect(rows.find((r) => r.area === area)?.count, area).toBe(n);
    expect(rows.filter((r) => r.count > 0).length).toBe(counts.size);
  });

  it("returns coarse cells with counts for the heat layer, never a report", async () => {
    const res = await getMap(getRequest(`/api/v1/map?${WINDOW}&level=points`));
    const cells = (await res.json()) as Record<string, unknown>[];
    const expected = new Map<string, number>();
    for (const f of current) {
      if (!inWindow(f) || !f.location) continue;
      const c = coarsen(f.location);
      expected.set(`${c.lat},${c.lon}`, (expected.get(`${c.lat},${c.lon}`) ?? 0) + 1);
    }
    expect(new Map(cells.map((c) => [`${c.lat},${c.lon}`, c.count]))).toEqual(expected);
    for (const c of cells) expect(Object.keys(c).sort()).toEqual(["count", "lat", "lon"]);
    const zong = (await (await getMap(getRequest(`/api/v1/map?${WINDOW}&level=points&isp=zong`))).json()) as { count: number }[];
    expect(zong.reduce((n, c) => n + c.count, 0)).toBe(current.filter((f) => inWindow(f) && f.location && f.isp === "zong").length);
  });

  it.each([
    ["level=county", "level"],
    ["level=district&isp=starlink", "isp"],
    ["level=points&from=yesterday", "from"],
  ])("answers %s with a 400 naming %s", async (query, field) => {
    const res = await getMap(getRequest(`/api/v1/map?${query}`));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
  });
});

describe.each(DRIVERS)("GET /api/v1/map on a new deployment (%s)", (driver) => {
  // Less than three weeks of data: the baseline falls back to the same window
  // on each of the previous days (here 2, 4 and 6 reports on days 1–3 back).
  const daily = [2, 4, 6];
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const rows: BulkReport[] = [];
    daily.forEach((n, i) => {
      for (let j = 0; j < n; j++) {
        const observedAt = new Date(TO - (i + 1) * 24 * HOUR - (2 + j) * HOUR);
        rows.push({ observedAt, receivedAt: observedAt, area: "peshawar", isp: "ptcl", service: "internet", connection: "fixed", problem: "slow", source: "import", clientKey: "k", idempotencyKey: randomUUID() });
      }
    });
    for (let j = 0; j < 12; j++) {
      const observedAt = new Date(TO - (1 + j) * HOUR);
      rows.push({ observedAt, receivedAt: observedAt, area: "peshawar", isp: "zong", service: "whatsapp", connection: "mobile", problem: "media_fails", source: "import", clientKey: "k", idempotencyKey: randomUUID() });
    }
    await bulkInsertReports(t.handle.db, rows);
    await rebuildRollup(t.handle.db);
  });
  afterAll(async () => t?.drop());

  it("compares with the previous days", async () => {
    const rows = (await (await getMap(getRequest(`/api/v1/map?${WINDOW}&level=district`))).json()) as (AreaRow & { method: string })[];
    const peshawar = rows.find((r) => r.area === "peshawar")!;
    expect(peshawar.method).toBe("daily-fallback");
    expect(peshawar.count).toBe(12);
    expect(peshawar.expected).toBe(median(daily));
    expect(peshawar.baselineRatio).toBeCloseTo(12 / median(daily), 10);
  });
});

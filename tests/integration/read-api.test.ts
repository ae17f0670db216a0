import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getBreakdown } from "@/app/api/v1/breakdown/route";
import { GET as getTimeline } from "@/app/api/v1/timeline/route";
import { GET as getAreaHours } from "@/app/api/v1/area-hours/route";
import { GroupCommit } from "@/db/ingest";
import { parseReport } from "@/lib/reports/report-schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, validReport } from "@/tests/support/reports";

// Reports at known times; every expected number below is counted from this
// list in the test, independently of the rollup the API reads.
const NOW = Date.now();
const HOUR = 3600_000;
const fixtures = [
  { area: "karachi-south", isp: "zong", service: "whatsapp", connection: "mobile", problem: "media_fails", ago: 0.2 },
  { area: "karachi-south", isp: "jazz", service: "whatsapp", connection: "mobile", problem: "media_fails", ago: 0.3 },
  { area: "karachi-east", isp: "ptcl", service: "youtube", connection: "fixed", problem: "slow", ago: 1.5 },
  { area: "lahore", isp: "zong", service: "vpn", connection: "mobile", problem: "vpn_blocked", ago: 5.2 },
  { area: "lahore", isp: "nayatel", service: "vpn", connection: "fixed", problem: "vpn_blocked", ago: 5.3 },
  { area: "islamabad", isp: "jazz", service: "whatsapp", connection: "mobile", problem: "calls_fail", ago: 30 },
  { area: "quetta", isp: "telenor", service: "internet", connection: "mobile", problem: "no_connection", ago: 60 },
] as const;
const PROVINCE_OF: Record<string, string> = { "karachi-south": "sindh", "karachi-east": "sindh", lahore: "punjab", islamabad: "islamabad-capital-territory", quetta: "balochistan" };

type TimelineBody = { bucket: string; series: { key: string; points: { t: string; count: number }[] }[] };
const sumPoints = (b: TimelineBody) => b.series.flatMap((s) => s.points).reduce((n, p) => n + p.count, 0);

describe.each(DRIVERS)("timeline and breakdown on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const ingest = new GroupCommit(t.handle.db);
    for (const { ago, ...f } of fixtures) {
      const parsed = parseReport(validReport({ ...f, observedAt: new Date(NOW - ago * HOUR).toISOString() }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      // One client each: these fixtures are a crowd, not one client repeating itself.
      await ingest.submit({ report: parsed.report, source: "api", clientKey: randomUUID() });
    }
  });
  afterAll(async () => t?.drop());

  const expected = (keep: (f: (typeof fixtures)[number]) => boolean, windowHours = 24) =>
    fixtures.filter((f) => f.ago < windowHours && keep(f)).length;

  it("counts the last 24 hours by default, with every hourly bucket present", async () => {
    const res = await getTimeline(getRequest("/api/v1/timeline?bucket=1h"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as TimelineBody;
    expect(body.bucket).toBe("1h");
    expect(body.series).toHaveLength(1);
    expect(body.series[0]!.points.length).toBeGreaterThanOrEqual(24);
    expect(sumPoints(body)).toBe(expected(() => true));
    // Empty buckets are there, with zero.
    expect(body.series[0]!.points.some((p) => p.count === 0)).toBe(true);
  });

  it.each([
    ["isp=zong", (f: (typeof fixtures)[number]) => f.isp === "zong"],
    ["isp=zong&isp=ptcl", (f: (typeof fixtures)[number]) => f.isp === "zong" || f.isp === "ptcl"],
    ["area=sindh", (f: (typeof fixtures)[number]) => PROVINCE_OF[f.area] === "sindh"],
    ["area=karachi-south&connection=mobile", (f: (typeof fixtures)[number]) => f.area === "karachi-south" && f.connection === "mobile"],
    ["service=vpn&problem=vpn_blocked", (f: (typeof fixtures)[number]) => f.service === "vpn"],
    ["connection=fixed", (f: (typeof fixtures)[number]) => f.connection === "fixed"],
  ])("filters by %s", async (query, keep) => {
    const body = (await (await getTimeline(getRequest(`/api/v1/timeline?bucket=5m&from=${iso(NOW - 6 * HOUR)}&to=${iso(NOW)}&${query}`))).json()) as TimelineBody;
    expect(sumPoints(body)).toBe(expected(keep, 6));
    const breakdown = (await (await getBreakdown(getRequest(`/api/v1/breakdown?dimension=service&${query}`))).json()) as { count: number }[];
    expect(breakdown.reduce((n, r) => n + r.count, 0)).toBe(expected(keep));
  });

  it("buckets by day over a week, counting the older reports too", async () => {
    const body = (await (await getTimeline(getRequest(`/api/v1/timeline?bucket=1d&from=${iso(NOW - 7 * 24 * HOUR)}&to=${iso(NOW)}`))).json()) as TimelineBody;
    expect(sumPoints(body)).toBe(expected(() => true, 7 * 24));
  });

  it("groups by ISP into one series per ISP", async () => {
    const body = (await (await getTimeline(getRequest("/api/v1/timeline?groupBy=isp"))).json()) as TimelineBody;
    const byKey = Object.fromEntries(body.series.map((s) => [s.key, s.points.reduce((n, p) => n + p.count, 0)]));
    expect(byKey).toEqual({ zong: 2, jazz: 1, ptcl: 1, nayatel: 1 });
  });

  it("breaks down by service with shares that add up to one", async () => {
    const rows = (await (await getBreakdown(getRequest("/api/v1/breakdown?dimension=service"))).json()) as { key: string; name: string; count: number; share: number }[];
    expect(rows.map((r) => [r.key, r.count])).toEqual([["vpn", 2], ["whatsapp", 2], ["youtube", 1]]);
    expect(rows[0]!.name).toBe("VPN services");
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 10);
  });

  it("counts each district's reports per hour for the area × hour table, as JSON and CSV", async () => {
    const body = (await (await getAreaHours(getRequest("/api/v1/area-hours?isp=zong&isp=jazz"))).json()) as {
      starts: string[];
      rows: { area: string; counts: number[]; total: number }[];
    };
    const expectedByArea = new Map<string, number>();
    for (const f of fixtures) if (f.ago < 24 && (f.isp === "zong" || f.isp === "jazz")) expectedByArea.set(f.area, (expectedByArea.get(f.area) ?? 0) + 1);
    expect(new Map(body.rows.map((r) => [r.area, r.total]))).toEqual(expectedByArea);
    for (const r of body.rows) expect(r.counts.reduce((a, b) => a + b, 0)).toBe(r.total);
    expect(body.starts.length).toBeGreaterThanOrEqual(24);
    const csv = await (await getAreaHours(getRequest("/api/v1/area-hours?isp=zong&isp=jazz&format=csv"))).text();
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(1 + expectedByArea.size);
    expect(lines[0]!.split(",")).toHaveLength(3 + body.starts.length);
  });

  it.each([
    ["/api/v1/timeline?isp=starlink", "isp"],
    ["/api/v1/timeline?area=atlantis", "area"],
    ["/api/v1/timeline?bucket=2m", "bucket"],
    ["/api/v1/timeline?from=yesterday", "from"],
    ["/api/v1/timeline?groupBy=colour", "groupBy"],
    ["/api/v1/breakdown", "dimension"],
    ["/api/v1/breakdown?dimension=service&connection=wifi", "connection"],
  ])("answers %s with a 400 naming %s", async (path, field) => {
    const handler = path.includes("breakdown") ? getBreakdown : getTimeline;
    const res = await handler(getRequest(path));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
  });
});

function iso(ms: number) {
  return new Date(ms).toISOString();
}

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkInsertReports, rebuildRollup, type BulkReport } from "@/db/bulk-load";
import { GroupCommit } from "@/db/ingest";
import { getStatuses } from "@/db/queries/status";
import { getTimeline } from "@/db/queries/timeline";
import { computeBaseline, DAY_MS, HOUR_MS, WEEK_MS } from "@/lib/detection/baseline";
import type { Filters } from "@/lib/filters";
import { parseReport } from "@/lib/reports/report-schema";
import { floorToBucket } from "@/lib/reports/buckets";
import type { Connection } from "@/lib/reports/vocabulary";
import { startOfDayInZone } from "@/lib/time/zone";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";
import { validReport } from "@/tests/support/reports";

// Fixtures at known times. Every expected number below is counted from these
// lists in the test, independently of the rollup and of the SQL that reads it;
// only the formulas (lib/detection, unit-tested on their own) are shared.
const NOW = Date.now();
const MIN = 60_000;
const ZONE = "Asia/Karachi";

type Fixture = { at: number; area: string; isp: string; service: string; connection: Connection };
const whatsapp = { area: "karachi-south", isp: "zong", service: "whatsapp", connection: "mobile" } as const;
const youtube = { area: "lahore", isp: "ptcl", service: "youtube", connection: "fixed" } as const;

// The same hour of the week 1–4 weeks back: WhatsApp 5, 6, 4, 5 (median 5),
// YouTube 7, 8, 8, 9 (median 8); all inside the last hour shifted by k weeks.
const WHATSAPP_WEEKS = [5, 6, 4, 5];
const YOUTUBE_WEEKS = [7, 8, 8, 9];
const history: Fixture[] = [
  ...WHATSAPP_WEEKS.flatMap((n, k) => Array.from({ length: n }, (_, i) => ({ ...whatsapp, at: NOW - (k + 1) * WEEK_MS - (5 + 2 * i) * MIN }))),
  ...YOUTUBE_WEEKS.flatMap((n, k) => Array.from({ length: n }, (_, i) => ({ ...youtube, at: NOW - (k + 1) * WEEK_MS - (6 + 2 * i) * MIN }))),
  // One older report, so the data begins before all four weeks.
  { area: "quetta", isp: "telenor", service: "vpn", connection: "mobile", at: NOW - 5 * WEEK_MS - 2 * HOUR_MS },
];
// Now: a WhatsApp spike of 40 in the last 40 minutes, YouTube as usual.
const current: Fixture[] = [
  ...Array.from({ length: 40 }, (_, i) => ({ ...whatsapp, at: NOW - (1 + i) * MIN })),
  ...Array.from({ length: 8 }, (_, i) => ({ ...youtube, at: NOW - (2 + 3 * i) * MIN })),
];

const noFilters = (over: Partial<Filters> = {}): Filters => ({
  from: new Date(NOW - 24 * HOUR_MS),
  to: new Date(NOW),
  areas: [],
  isps: [],
  services: [],
  connections: [],
  problems: [],
  ...over,
});

const bulk = (fixtures: Fixture[]): BulkReport[] =>
  fixtures.map((f) => ({
    receivedAt: new Date(f.at),
    observedAt: new Date(f.at),
    area: f.area,
    isp: f.isp,
    service: f.service,
    connection: f.connection,
    problem: "other",
    source: "import",
    clientKey: "k",
    idempotencyKey: randomUUID(),
  }));

async function ingest(t: TestDatabase, fixtures: Fixture[]) {
  const commit = new GroupCommit(t.handle.db);
  await Promise.all(
    fixtures.map((f) => {
      const parsed = parseReport(validReport({ area: f.area, isp: f.isp, service: f.service, connection: f.connection, problem: "other", observedAt: new Date(f.at).toISOString() }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      // A crowd, one client each: the counting rules (lib/abuse) would fold one client's repeats.
      return commit.submit({ report: parsed.report, source: "api", clientKey: randomUUID() });
    }),
  );
}

/** The baseline of one bucket, counted from the fixtures with a plain loop. */
function expectedBaseline(fixtures: Fixture[], keep: (f: Fixture) => boolean, bucketOf: (t: number) => number, bucketMs: number, s: number) {
  const dataStart = floorToBucket(new Date(Math.min(...fixtures.map((f) => f.at)))).getTime();
  const count = (start: number) => (start + bucketMs <= dataStart ? undefined : fixtures.filter((f) => keep(f) && bucketOf(f.at) === start).length);
  return computeBaseline({
    weekly: [1, 2, 3, 4].map((k) => count(s - k * WEEK_MS)),
    daily: [1, 2, 3, 4, 5, 6].map((d) => count(s - d * DAY_MS)),
  });
}

describe.each(DRIVERS)("baseline and status on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    // Weeks-old history through the project's loader (the live path takes
    // at most 72 hours back), then today's reports through the live path.
    await bulkInsertReports(t.handle.db, bulk(history));
    await rebuildRollup(t.handle.db);
    await ingest(t, current);
  });
  afterAll(async () => t?.drop());

  it("flags the WhatsApp spike as a problem and calls steady YouTube normal", async () => {
    const rows = await getStatuses(t.handle.db, noFilters(), "service", { now: new Date(NOW) });
    expect(rows.map((r) => [r.key, r.level])).toEqual([
      ["whatsapp", "problem"],
      ["youtube", "normal"],
    ]);
    const w = computeBaseline({ weekly: WHATSAPP_WEEKS });
    expect(rows[0]).toEqual({
      key: "whatsapp",
      name: "WhatsApp",
      nameUr: expect.any(String),
      current: 40,
      expected: 5,
      upper: w.upper,
      ratio: 8,
      level: "problem",
      method: "weekly",
    });
    expect(rows[1]).toMatchObject({ current: 8, expected: 8, upper: computeBaseline({ weekly: YOUTUBE_WEEKS }).upper, ratio: 1 });
  });

  it("does the same per ISP and per district, and applies the other filters", async () => {
    const byIsp = await getStatuses(t.handle.db, noFilters(), "isp", { now: new Date(NOW) });
    expect(byIsp.map((r) => [r.key, r.level, r.current, r.expected])).toEqual([
      ["zong", "problem", 40, 5],
      ["ptcl", "normal", 8, 8],
    ]);
    const byArea = await getStatuses(t.handle.db, noFilters(), "area", { now: new Date(NOW) });
    expect(byArea.map((r) => [r.key, r.level])).toEqual([
      ["karachi-south", "problem"],
      ["lahore", "normal"],
    ]);
    const fixed = await getStatuses(t.handle.db, noFilters({ connections: ["fixed"] }), "service", { now: new Date(NOW) });
    expect(fixed.map((r) => r.key)).toEqual(["youtube"]);
    // A window an hour ago: nothing now, nothing typical → no rows at all.
    expect(await getStatuses(t.handle.db, noFilters(), "service", { now: new Date(NOW - 2 * HOUR_MS) })).toEqual([]);
  });

  it("draws the hourly baseline the fixtures give, for the total", async () => {
    const all = [...history, ...current];
    const timeline = await getTimeline(t.handle.db, noFilters({ from: new Date(NOW - 6 * HOUR_MS) }), "1h", { timeZone: ZONE });
    expect(timeline.baseline.map((b) => b.t)).toEqual(timeline.series[0]!.points.map((p) => p.t));
    const hour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
    for (const b of timeline.baseline) {
      const e = expectedBaseline(all, () => true, hour, HOUR_MS, Date.parse(b.t));
      expect(b).toEqual({ t: b.t, expected: e.expected, upper: e.upper, method: e.method });
      expect(b.method).toBe("weekly");
    }
    // The hour (or two) holding "now − 5..40 minutes" a week back carries the history.
    expect(timeline.baseline.some((b) => b.expected >= 5)).toBe(true);
    const off = await getTimeline(t.handle.db, noFilters({ from: new Date(NOW - 6 * HOUR_MS) }), "1h", { timeZone: ZONE, baseline: false });
    expect(off.baseline).toEqual([]);
    expect(off.series).toEqual(timeline.series);
  });

  it("baselines the filtered total when grouped, and local days for 1d buckets", async () => {
    const all = [...history, ...current];
    const isWhatsapp = (f: Fixture) => f.service === "whatsapp";
    const grouped = await getTimeline(t.handle.db, noFilters({ from: new Date(NOW - 3 * HOUR_MS), services: ["whatsapp"] }), "5m", { timeZone: ZONE, groupBy: "isp" });
    expect(grouped.series.map((s) => s.key)).toEqual(["zong"]);
    const five = (ms: number) => floorToBucket(new Date(ms)).getTime();
    for (const b of grouped.baseline) {
      const e = expectedBaseline(all, isWhatsapp, five, 5 * MIN, Date.parse(b.t));
      expect(b).toEqual({ t: b.t, expected: e.expected, upper: e.upper, method: e.method });
    }
    expect(grouped.baseline.filter((b) => b.expected > 0).length).toBeGreaterThan(0);

    const daily = await getTimeline(t.handle.db, noFilters({ from: new Date(NOW - 3 * DAY_MS) }), "1d", { timeZone: ZONE });
    const day = (ms: number) => startOfDayInZone(new Date(ms), ZONE).getTime();
    expect(daily.baseline.length).toBeGreaterThanOrEqual(3);
    for (const b of daily.baseline) {
      const e = expectedBaseline(all, () => true, day, DAY_MS, Date.parse(b.t));
      expect(b).toEqual({ t: b.t, expected: e.expected, upper: e.upper, method: e.method });
    }
  });
});

describe.each(DRIVERS)("short history on %s", (driver) => {
  // These tests run in order: the first sees no history, the second adds some.
  let t: TestDatabase;
  const now: Fixture[] = [
    ...Array.from({ length: 5 }, (_, i) => ({ ...whatsapp, at: NOW - (1 + i) * MIN })),
    ...Array.from({ length: 30 }, (_, i) => ({ ...youtube, at: NOW - (1 + i) * MIN })),
  ];
  const days: Fixture[] = [4, 5, 6].flatMap((n, d) => Array.from({ length: n }, (_, i) => ({ ...whatsapp, at: NOW - (d + 1) * DAY_MS - (10 + i) * MIN })));
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    await ingest(t, now);
  });
  afterAll(async () => t?.drop());

  it("without history says unknown, except for an obvious flood", async () => {
    const rows = await getStatuses(t.handle.db, noFilters(), "service", { now: new Date(NOW) });
    expect(rows.map((r) => [r.key, r.level, r.method, r.upper, r.expected])).toEqual([
      ["youtube", "problem", "none", null, 0],
      ["whatsapp", "unknown", "none", null, 0],
    ]);
    const timeline = await getTimeline(t.handle.db, noFilters({ from: new Date(NOW - 2 * HOUR_MS) }), "1h", { timeZone: ZONE });
    expect(timeline.baseline.every((b) => b.method === "none" && b.upper === null && b.expected === 0)).toBe(true);
  });

  it("with a few days of history falls back to the previous days", async () => {
    await bulkInsertReports(t.handle.db, bulk(days));
    await rebuildRollup(t.handle.db);
    const rows = await getStatuses(t.handle.db, noFilters(), "service", { now: new Date(NOW) });
    const fallback = computeBaseline({ weekly: [], daily: [4, 5, 6] });
    expect(rows.map((r) => [r.key, r.level, r.method, r.expected, r.upper])).toEqual([
      // 0, 0, 0 on the previous days: 30 is far above a band of 3.
      ["youtube", "problem", "daily-fallback", 0, 3],
      ["whatsapp", "normal", "daily-fallback", 5, fallback.upper],
    ]);
    const all = [...now, ...days];
    const timeline = await getTimeline(t.handle.db, noFilters({ from: new Date(NOW - 2 * HOUR_MS) }), "1h", { timeZone: ZONE });
    const hour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
    for (const b of timeline.baseline) {
      const e = expectedBaseline(all, () => true, hour, HOUR_MS, Date.parse(b.t));
      expect(b).toEqual({ t: b.t, expected: e.expected, upper: e.upper, method: e.method });
    }
    expect(timeline.baseline.at(-1)!.method).toBe("daily-fallback");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GroupCommit } from "@/db/ingest";
import { foldRollup } from "@/db/jobs/fold-rollup";
import { planRead, sumRollup, type RollupRead, type RollupSum } from "@/db/queries/rollup-read";
import { hourAligned, rollupBucketExpr } from "@/db/queries/rollup-series";
import type { Dimension } from "@/lib/filters";
import { seededRandom, type Random } from "@/lib/random";
import { expandAreas } from "@/lib/reference";
import { floorToBucket, type Bucket } from "@/lib/reports/buckets";
import type { Connection, Problem } from "@/lib/reports/vocabulary";
import { startOfDayInZone } from "@/lib/time/zone";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

// Reads that mix the hourly rollup, the 5-minute totals and the 5-minute rollup must give exactly what
// counting the reports gives, for any window, filters, grouping and time key.

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR + 37 * 60_000 + 12_345;
const AREAS = ["karachi-south", "karachi-east", "lahore", "quetta"];
const ISPS = ["zong", "jazz", "ptcl"];
const SERVICES = ["whatsapp", "youtube", "vpn"];
const CONNECTIONS: Connection[] = ["mobile", "fixed"];
const PROBLEMS: Problem[] = ["slow", "media_fails", "vpn_blocked"];
const DIMS: Dimension[] = ["area", "isp", "service", "connection", "problem"];

const pick = <T,>(r: Random, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
const some = <T,>(r: Random, xs: readonly T[]) => (r() < 0.7 ? [] : xs.filter(() => r() < 0.5));

type Stored = { area: string; isp: string; service: string; connection: Connection; problem: Problem; observedAt: Date };

function makeReports(n: number): Stored[] {
  const r = seededRandom(2024_11_23);
  return Array.from({ length: n }, () => ({
    area: pick(r, AREAS),
    isp: pick(r, ISPS),
    service: pick(r, SERVICES),
    connection: pick(r, CONNECTIONS),
    problem: pick(r, PROBLEMS),
    // The last 60 hours, to the millisecond.
    observedAt: new Date(NOW - Math.floor(r() * 60 * HOUR)),
  }));
}

type TimeKey = { bucket: Bucket; zone: string } | undefined;

function timeOf(key: TimeKey, observed: Date): number | null {
  if (!key) return null;
  if (key.bucket === "1d") return startOfDayInZone(observed, key.zone).getTime();
  return floorToBucket(observed, key.bucket === "1h" ? HOUR : 300_000).getTime();
}

/** The answer counted from the reports themselves. */
function countDirectly(stored: Stored[], read: RollupRead, key: TimeKey): string[] {
  const f = read.filters;
  const areas = new Set(expandAreas(f.areas));
  const out = new Map<string, number>();
  for (const s of stored) {
    const b = floorToBucket(s.observedAt).getTime();
    if (!read.ranges.some(([a, z]) => b >= a && b < z)) continue;
    if (f.areas.length && !areas.has(s.area)) continue;
    if (f.isps.length && !f.isps.includes(s.isp)) continue;
    if (f.services.length && !f.services.includes(s.service)) continue;
    if (f.connections.length && !f.connections.includes(s.connection)) continue;
    if (f.problems.length && !f.problems.includes(s.problem)) continue;
    const id = `${timeOf(key, s.observedAt)}|${read.dimension ? s[read.dimension] : "all"}`;
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return [...out.entries()].map(([id, n]) => `${id}|${n}`).sort();
}

const normalise = (rows: RollupSum[]) =>
  rows.map((x) => `${x.t === null ? null : new Date(x.t as Date | string).getTime()}|${x.key}|${x.count}`).sort();

describe.each(DRIVERS)("reads across the hourly and 5-minute rollups on %s", (driver) => {
  let t: TestDatabase;
  const stored = makeReports(1500);

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    // Two thirds folded into the hourly rollup and the totals, the last third
    // still pending (db/jobs/fold-rollup.ts), spread over every hour: reads
    // must count both.
    const ingest = new GroupCommit(t.handle.db);
    const submit = (report: Stored, i: number) => ingest.submit({ report, source: "api", clientKey: `k${i}` });
    const split = Math.floor((stored.length * 2) / 3);
    await Promise.all(stored.slice(0, split).map(submit));
    expect(await foldRollup(t.handle.db)).toBeGreaterThan(0);
    await Promise.all(stored.slice(split).map((report, i) => submit(report, split + i)));
  }, 120_000);
  afterAll(async () => t?.drop());

  it("plans whole hours from the hourly rollup and edges from the 5-minute one", () => {
    const from = Date.UTC(2026, 0, 1, 10, 35);
    const to = Date.UTC(2026, 0, 1, 14, 2);
    const plan = planRead({ filters: { areas: [], isps: ["zong"], services: [], connections: ["mobile"], problems: [] }, ranges: [[from, to]], dimension: "service" });
    expect(plan.set).toBeDefined();
    // Two dimensions: the edges come from the 5-minute rollup; one: from the totals.
    expect(plan.totals).toBeUndefined();
    expect(planRead({ filters: { areas: [], isps: [], services: [], connections: [], problems: [] }, ranges: [[from, to]], dimension: "service" }).totals).toBeDefined();
    expect(plan.hours).toEqual([[Date.UTC(2026, 0, 1, 11), Date.UTC(2026, 0, 1, 14)]]);
    expect(plan.edges).toEqual([
      [from, Date.UTC(2026, 0, 1, 11)],
      [Date.UTC(2026, 0, 1, 14), to],
    ]);
    // Four dimensions: no hourly set keeps them all.
    const wide = planRead({ filters: { areas: ["lahore"], isps: ["zong"], services: [], connections: ["mobile"], problems: [] }, ranges: [[from, to]], dimension: "problem" });
    expect(wide.set).toBeUndefined();
    expect(wide.edges).toEqual([[from, to]]);
  });

  it("counts exactly what the reports say, for random windows, filters, groupings and time keys", async () => {
    const r = seededRandom(7);
    const keys: TimeKey[] = [undefined, { bucket: "5m", zone: "UTC" }, { bucket: "1h", zone: "UTC" }, { bucket: "1d", zone: "Asia/Karachi" }, { bucket: "1d", zone: "Asia/Kolkata" }];
    let withHours = 0;
    let withTotals = 0;
    for (let i = 0; i < 60; i++) {
      // Half the cases with rows pending, half after the last fold.
      if (i === 30) {
        expect(await foldRollup(t.handle.db)).toBeGreaterThan(0);
        expect(await foldRollup(t.handle.db)).toBe(0);
      }
      const key = pick(r, keys);
      const ranges: [number, number][] = [];
      let cursor = floorToBucket(new Date(NOW - 62 * HOUR)).getTime();
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        const from = cursor + Math.floor(r() * 12) * 300_000 * (1 + Math.floor(r() * 24));
        const to = from + 1 + Math.floor(r() * 20 * HOUR);
        ranges.push([from, to]);
        cursor = floorToBucket(new Date(to)).getTime() + 300_000;
      }
      const read: RollupRead = {
        filters: {
          areas: some(r, [...AREAS, "sindh"]),
          isps: some(r, ISPS),
          services: some(r, SERVICES),
          connections: some(r, CONNECTIONS),
          problems: some(r, PROBLEMS),
        },
        ranges,
        dimension: r() < 0.7 ? pick(r, DIMS) : undefined,
        time: key ? rollupBucketExpr(key.bucket, key.zone) : undefined,
        hourly: key ? hourAligned(key.bucket, key.zone, ranges[0]![0], ranges[ranges.length - 1]![1]) : true,
      };
      const plan = planRead(read);
      if (plan.hours.length > 0) withHours++;
      if (plan.totals !== undefined && plan.edges.length > 0) withTotals++;
      const label = JSON.stringify({ key, ranges, ...read.filters, dimension: read.dimension });
      const expected = countDirectly(stored, read, key);
      expect(normalise(await sumRollup(t.handle.db, read)), label).toEqual(expected);
      expect(normalise(await sumRollup(t.handle.db, { ...read, hourly: false })), label).toEqual(expected);
    }
    // The random cases did exercise the hourly rollup.
    expect(withHours).toBeGreaterThanOrEqual(10);
    expect(withTotals).toBeGreaterThanOrEqual(5);
  }, 120_000);
});

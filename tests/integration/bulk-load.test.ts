import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SETTING } from "@/db/boot";
import { bulkInsertReports, ensureRollupSets, rebuildRollup, UnknownReferenceError, type BulkReport } from "@/db/bulk-load";
import type { Db } from "@/db/client";
import { GroupCommit } from "@/db/ingest";
import { foldRollup } from "@/db/jobs/fold-rollup";
import { reportCounts, reportCountsHourly, reports, reportTotals, rollupPending, settings } from "@/db/schema";
import { seedDemo } from "@/db/seed/demo";
import { generateDemoReports } from "@/db/seed/demo-generator";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

const anchor = new Date("2024-11-28T12:00:00Z");
const DAY = 86_400_000;

function take<T>(it: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const x of it) {
    if (out.length >= n) break;
    out.push(x);
  }
  return out;
}

// The last ~5,000 reports of the demo: the final day, midday episode included.
const sample: BulkReport[] = [...generateDemoReports({ anchor, seed: 7 })].filter(
  (r) => r.observedAt.getTime() >= anchor.getTime() - DAY,
);

async function rollupRows(db: Db) {
  const rows = await db
    .select()
    .from(reportCounts)
    .orderBy(
      asc(reportCounts.bucket),
      asc(reportCounts.area),
      asc(reportCounts.isp),
      asc(reportCounts.service),
      asc(reportCounts.connection),
      asc(reportCounts.problem),
    );
  return rows.map((r) => ({ ...r, bucket: r.bucket.toISOString() }));
}

/** The hourly rollup and the 5-minute totals, in a stable order. */
async function hourlyTable(db: Db) {
  const h = reportCountsHourly;
  const rows = await db.select().from(h).orderBy(asc(h.dims), asc(h.bucket), asc(h.area), asc(h.isp), asc(h.service), asc(h.connection), asc(h.problem));
  const t = reportTotals;
  const totals = await db.select().from(t).orderBy(asc(t.dims), asc(t.bucket), asc(t.key));
  return [...rows, ...totals].map((r) => ({ ...r, bucket: r.bucket.toISOString() }));
}

async function perAreaService(db: Db) {
  const rollup = await db
    .select({ area: reportCounts.area, service: reportCounts.service, n: sql<number>`sum(${reportCounts.count})::int` })
    .from(reportCounts)
    .groupBy(reportCounts.area, reportCounts.service);
  const raw = await db
    .select({ area: reports.area, service: reports.service, n: sql<number>`count(*)::int` })
    .from(reports)
    .where(eq(reports.status, "counted"))
    .groupBy(reports.area, reports.service);
  const key = (r: { area: string; service: string }) => `${r.area}|${r.service}`;
  return {
    rollup: new Map(rollup.map((r) => [key(r), Number(r.n)])),
    raw: new Map(raw.map((r) => [key(r), Number(r.n)])),
  };
}

describe.each(DRIVERS)("bulk load and rollup rebuild on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.drop());

  it("inserts generated reports in chunks and returns the count", async () => {
    expect(sample.length).toBeGreaterThan(3000);
    // A small chunk size, so several statements run; an async source too.
    async function* source() {
      yield* sample;
    }
    const inserted = await bulkInsertReports(t.handle.db, source(), { chunkSize: 997 });
    expect(inserted).toBe(sample.length);
    const [row] = await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(reports);
    expect(Number(row?.n)).toBe(sample.length);

    // Every field survives the trip, timestamps to the millisecond.
    const first = sample.find((r) => r.comment && r.cellLat != null) ?? sample[0]!;
    const [stored] = await t.handle.db.select().from(reports).where(eq(reports.idempotencyKey, first.idempotencyKey));
    expect(stored).toMatchObject({
      receivedAt: first.receivedAt,
      observedAt: first.observedAt,
      area: first.area,
      isp: first.isp,
      service: first.service,
      connection: first.connection,
      problem: first.problem,
      cellLat: first.cellLat ?? null,
      cellLon: first.cellLon ?? null,
      speedKbps: first.speedKbps ?? null,
      comment: first.comment ?? null,
      viaVpn: first.viaVpn ?? null,
      source: first.source,
      clientKey: first.clientKey,
      status: "counted",
    });
  });

  it("rebuilds the rollup to match an independent count, and a second rebuild changes nothing", async () => {
    await rebuildRollup(t.handle.db);
    const { rollup, raw } = await perAreaService(t.handle.db);
    expect(rollup).toEqual(raw);
    expect([...rollup.values()].reduce((s, n) => s + n, 0)).toBe(sample.length);

    const once = await rollupRows(t.handle.db);
    await rebuildRollup(t.handle.db);
    expect(await rollupRows(t.handle.db)).toEqual(once);
  });

  it("rebuilds a range bucket-aligned, leaving the rest alone", async () => {
    const before = await rollupRows(t.handle.db);
    // Void the reports of one half hour, then recount an unaligned range around it.
    const from = new Date(anchor.getTime() - 5 * 3600_000);
    const to = new Date(from.getTime() + 30 * 60_000);
    await t.handle.db
      .update(reports)
      .set({ status: "voided" })
      .where(and(gte(reports.observedAt, from), lt(reports.observedAt, to)));
    await rebuildRollup(t.handle.db, { from: new Date(from.getTime() - 90_000), to: new Date(to.getTime() + 42_000) });

    const { rollup, raw } = await perAreaService(t.handle.db);
    expect(rollup).toEqual(raw);
    const after = await rollupRows(t.handle.db);
    const outside = (rows: typeof before) =>
      rows.filter((r) => r.bucket < new Date(from.getTime() - 300_000).toISOString() || r.bucket >= new Date(to.getTime() + 300_000).toISOString());
    expect(outside(after)).toEqual(outside(before));
    expect(after.length).toBeLessThan(before.length);

    // The same as a full rebuild would give, hourly rollup included.
    const hourlyAfter = await hourlyTable(t.handle.db);
    await rebuildRollup(t.handle.db);
    expect(await rollupRows(t.handle.db)).toEqual(after);
    expect(await hourlyTable(t.handle.db)).toEqual(hourlyAfter);
  });

  it("counts exactly as the live path does", async () => {
    const ingest = new GroupCommit(t.handle.db);
    const now = Date.now();
    const live = Array.from({ length: 40 }, (_, i) => ({
      area: i % 3 ? "lahore" : "karachi-east",
      isp: i % 2 ? "jazz" : "ptcl",
      connection: (i % 2 ? "mobile" : "fixed") as "mobile" | "fixed",
      service: i % 4 ? "whatsapp" : "youtube",
      problem: "slow" as const,
      // Spread over bucket edges, including exact boundaries.
      observedAt: new Date(Math.floor(now / 300_000) * 300_000 - i * 150_000 + (i % 5 === 0 ? 0 : 1_234)),
    }));
    await Promise.all(live.map((report, i) => ingest.submit({ report, source: "api", clientKey: `k${i}` })));
    expect(await foldRollup(t.handle.db)).toBeGreaterThan(0);
    const written = await rollupRows(t.handle.db);
    const writtenHourly = await hourlyTable(t.handle.db);
    expect(writtenHourly.length).toBeGreaterThan(written.length / 2);
    await rebuildRollup(t.handle.db);
    expect(await rollupRows(t.handle.db)).toEqual(written);
    expect(await hourlyTable(t.handle.db)).toEqual(writtenHourly);
  });

  it("drops the rows still waiting to be folded when it recounts, so none counts twice", async () => {
    const ingest = new GroupCommit(t.handle.db);
    const observedAt = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 30 * 60_000);
    const report = { area: "lahore", isp: "zong", connection: "mobile" as const, service: "whatsapp", problem: "slow" as const, observedAt };
    await Promise.all(Array.from({ length: 7 }, (_, i) => ingest.submit({ report, source: "api", clientKey: `p${i}` })));
    const pending = async () => Number((await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(rollupPending))[0]?.n);
    expect(await pending()).toBeGreaterThan(0);
    await rebuildRollup(t.handle.db, { from: observedAt, to: new Date(observedAt.getTime() + 1) });
    expect(await pending()).toBe(0);
    const national = async (table: typeof reportCountsHourly | typeof reportCounts) =>
      Number((await t.handle.db.select({ n: sql<number>`coalesce(sum(${table.count}), 0)::int` }).from(table).where("dims" in table ? eq(table.dims, 0) : undefined))[0]?.n);
    expect(await national(reportCountsHourly)).toBe(await national(reportCounts));
    expect(await foldRollup(t.handle.db)).toBe(0);
  });

  it("recounts the hourly rollup and the totals at start-up when their sets are not this version's, once", async () => {
    const before = await hourlyTable(t.handle.db);
    expect(before.length).toBeGreaterThan(0);
    await t.handle.db.delete(reportCountsHourly);
    await t.handle.db.delete(reportTotals);
    await t.handle.db.update(settings).set({ value: "0,1" }).where(eq(settings.key, "rollup:sets"));
    expect(await ensureRollupSets(t.handle.db)).toBe(true);
    expect(await hourlyTable(t.handle.db)).toEqual(before);
    expect(await ensureRollupSets(t.handle.db)).toBe(false);
  });

  it("refuses a slug the database does not know, before writing the chunk", async () => {
    const [before] = await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(reports);
    const rows = take(generateDemoReports({ anchor, seed: 99 }), 10);
    rows[5] = { ...rows[5]!, area: "atlantis" };
    await expect(bulkInsertReports(t.handle.db, rows)).rejects.toBeInstanceOf(UnknownReferenceError);
    const [after] = await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(reports);
    expect(after?.n).toBe(before?.n);
  });

  it("does not seed the demo into a database that holds reports", async () => {
    expect(await seedDemo(t.handle.db, { anchor })).toEqual({ inserted: 0, skipped: true });
    const [row] = await t.handle.db.select().from(settings).where(eq(settings.key, DEMO_SETTING));
    expect(row).toBeUndefined();
  });
});

describe.each(DRIVERS)("seedDemo on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.drop());

  it("fills an empty database once, with a matching rollup and the dataset setting", async () => {
    const result = await seedDemo(t.handle.db, { anchor });
    expect(result.skipped).toBe(false);
    expect(result.inserted).toBeGreaterThan(60_000);

    const [count] = await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(reports);
    expect(Number(count?.n)).toBe(result.inserted);
    const { rollup, raw } = await perAreaService(t.handle.db);
    expect(rollup).toEqual(raw);
    const [setting] = await t.handle.db.select().from(settings).where(eq(settings.key, DEMO_SETTING));
    expect(setting?.value).toBe("synthetic-demo");

    expect(await seedDemo(t.handle.db, { anchor })).toEqual({ inserted: 0, skipped: true });
    const [again] = await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(reports);
    expect(Number(again?.n)).toBe(result.inserted);
  }, 120_000);
});

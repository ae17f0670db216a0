import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { jobsFor } from "@/db/jobs";
import { EMBEDDED_MAINTENANCE, vacuumAnalyze, vacuumPending } from "@/db/jobs/embedded-maintenance";
import { FOLD_ROLLUP } from "@/db/jobs/fold-rollup";
import { runJobOnce, startJobs } from "@/db/jobs/scheduler";
import { createTestDatabase, type TestDatabase } from "@/tests/support/databases";

// PGlite has no autovacuum: these jobs stand in for it (db/jobs/embedded-maintenance.ts).
describe("embedded database maintenance (PGlite)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("pglite");
  });
  afterAll(async () => t?.drop());

  const pendingBytes = async () =>
    Number(rowsOf<{ n: number }>(await t.handle.db.execute(sql`select pg_relation_size('rollup_pending')::int as n`))[0]!.n);
  // What a report batch and a fold do to rollup_pending: rows in, all rows out.
  const batchAndFold = async () => {
    await t.handle.db.execute(sql`
      insert into rollup_pending (bucket, area, isp, service, connection, problem, count)
      select date_trunc('hour', now()), 'karachi-south', 'zong', 'whatsapp', 'mobile', 'slow', 1 from generate_series(1, 200)`);
    await runJobOnce(t.handle.db, FOLD_ROLLUP);
  };

  it("without the job, rollup_pending keeps the space of every row ever folded; with it, the space is reused", async () => {
    for (let i = 0; i < 60; i++) await batchAndFold();
    const grown = await pendingBytes();
    // 12,000 rows came and went: nothing reclaimed them.
    expect(grown).toBeGreaterThan(400_000);

    await runJobOnce(t.handle.db, vacuumPending);
    expect(await pendingBytes()).toBeLessThan(grown / 10);
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 10; i++) await batchAndFold();
      await runJobOnce(t.handle.db, vacuumPending);
    }
    expect(await pendingBytes()).toBeLessThan(grown / 10);
  });

  it("gives the planner statistics", async () => {
    const tuples = async () =>
      Number(rowsOf<{ n: number }>(await t.handle.db.execute(sql`select reltuples::int as n from pg_class where relname = 'report_counts_hourly'`))[0]!.n);
    expect(await tuples()).toBe(-1); // never analysed
    expect(await runJobOnce(t.handle.db, vacuumAnalyze)).toBe(true);
    expect(await tuples()).toBeGreaterThan(0);
  });

  it("runs on the scheduler's timer outside a transaction (VACUUM refuses one)", async () => {
    const failures: string[] = [];
    const scheduler = startJobs(t.handle.db, EMBEDDED_MAINTENANCE, (job, error) => failures.push(`${job}: ${String(error)}`));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await scheduler.stop();
    expect(failures).toEqual([]);
  });

  it("runs only on the embedded database", () => {
    for (const job of EMBEDDED_MAINTENANCE) {
      expect(jobsFor("pglite")).toContain(job);
      expect(jobsFor("postgres")).not.toContain(job);
    }
  });
});

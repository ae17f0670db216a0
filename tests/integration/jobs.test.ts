import os from "node:os";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { lastRunKey, runJobOnce, runScheduledTurn, startJobs, type Job, type LastRun } from "@/db/jobs/scheduler";
import { settings } from "@/db/schema";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

describe.each(DRIVERS)("scheduled jobs on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.drop());

  it("runs a job inside a transaction that rolls back with it", async () => {
    const job: Job = {
      name: "test-rollback",
      everyMs: 60_000,
      run: async (tx) => {
        await tx.execute(`insert into settings (key, value) values ('job-test', 'written')`);
        throw new Error("job failed");
      },
    };
    await expect(runJobOnce(t.handle.db, job)).rejects.toThrow("job failed");
    const rows = await t.handle.db.query.settings.findMany({ where: (s, { eq }) => eq(s.key, "job-test") });
    expect(rows).toEqual([]);
  });

  it("lets one run of a job at a time hold its lock; the other skips", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const job: Job = {
      name: "test-exclusive",
      everyMs: 60_000,
      run: async () => {
        runs += 1;
        await held;
      },
    };
    const first = runJobOnce(t.handle.db, job);
    // PGlite has one connection, so the second run waits for the first's
    // transaction instead of meeting the lock; PostgreSQL meets it at once.
    await new Promise((r) => setTimeout(r, 200));
    const second = runJobOnce(t.handle.db, job);
    if (driver === "postgres") expect(await second).toBe(false);
    release();
    expect(await first).toBe(true);
    if (driver === "pglite") expect(await second).toBe(true);
    expect(runs).toBe(driver === "postgres" ? 1 : 2);
  });

  it("records a scheduled turn and skips the next one until most of a period has passed", async () => {
    let runs = 0;
    const job: Job = { name: "test-turns", everyMs: 1_000, run: async () => void runs++ };
    expect(await runScheduledTurn(t.handle.db, job)).toBe(true);
    expect(await runScheduledTurn(t.handle.db, job)).toBe(false);
    const [row] = await t.handle.db.select().from(settings).where(eq(settings.key, lastRunKey(job)));
    const last = JSON.parse(row!.value) as LastRun;
    expect(last.instance).toBe(`${os.hostname()}:${process.pid}`);
    expect(Number.isNaN(Date.parse(last.startedAt))).toBe(false);
    expect(last.runs).toBe(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(await runScheduledTurn(t.handle.db, job)).toBe(true);
    expect(runs).toBe(2);
    const [again] = await t.handle.db.select().from(settings).where(eq(settings.key, lastRunKey(job)));
    expect((JSON.parse(again!.value) as LastRun).runs).toBe(2);
  });

  it("starts every job at once and stops after the runs in progress", async () => {
    const seen: string[] = [];
    const jobs: Job[] = ["a", "b"].map((name) => ({
      name: `test-start-${name}`,
      everyMs: 60_000,
      run: async (_tx, now) => {
        await new Promise((r) => setTimeout(r, 50));
        seen.push(`${name}:${now instanceof Date}`);
      },
    }));
    const scheduler = startJobs(t.handle.db, jobs);
    await new Promise((r) => setTimeout(r, 20));
    await scheduler.stop();
    expect(seen.sort()).toEqual(["a:true", "b:true"]);
  });

  it("tells a run in progress that the server stops, so a long catch-up ends after its step", async () => {
    let steps = 0;
    // A catch-up that would go on for ever: it ends only when told to stop.
    const job: Job = {
      name: "test-catch-up",
      everyMs: 60_000,
      transaction: false,
      run: async (_db, _now, stop) => {
        while (!stop?.aborted) {
          steps++;
          await new Promise((r) => setTimeout(r, 10));
        }
      },
    };
    const scheduler = startJobs(t.handle.db, [job]);
    await new Promise((r) => setTimeout(r, 50));
    await scheduler.stop();
    expect(steps).toBeGreaterThan(0);
  });
});

// Two app instances on one PostgreSQL database: each ticks on its own timer.
// The advisory lock keeps their runs apart; the last run's start (in the
// database) keeps them to one run per period between them, not one each.
describe.skipIf(!process.env.TEST_DATABASE_URL)("scheduled jobs on two instances of one postgres database", () => {
  let t: TestDatabase;
  let second: DatabaseHandle;
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    second = await openDatabase({ kind: "postgres", url: t.url!, poolSize: 4 });
  });
  afterAll(async () => {
    await second?.close();
    await t?.drop();
  });

  it("runs a job once per period between them, not once per instance", async () => {
    const everyMs = 400;
    const runs: { at: number; instance: string }[] = [];
    const job = (instance: string): Job => ({
      name: "test-once-per-period",
      everyMs,
      run: async () => {
        runs.push({ at: Date.now(), instance });
      },
    });
    const a = startJobs(t.handle.db, [job("a")]);
    // Half a period later, so neither instance's runs overlap the other's.
    await new Promise((r) => setTimeout(r, everyMs / 2));
    const b = startJobs(second.db, [job("b")]);
    await new Promise((r) => setTimeout(r, everyMs * 8));
    await Promise.all([a.stop(), b.stop()]);
    // About nine periods passed: one run each, give or take the edges. Two
    // instances each running every turn would make about seventeen.
    expect(runs.length).toBeGreaterThanOrEqual(7);
    expect(runs.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.at - runs[i - 1]!.at).toBeGreaterThan(everyMs / 2);
  });
});

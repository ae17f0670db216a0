import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJobOnce, startJobs, type Job } from "@/db/jobs/scheduler";
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
});

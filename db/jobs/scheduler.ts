import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

// Scheduled work (sealing hours, detecting incidents): each job runs on a
// timer in every app instance, but a run happens inside a transaction that
// first takes a PostgreSQL advisory lock named after the job. Another instance
// that finds the lock taken skips that turn, so several instances behind a
// load balancer do each run once. PGlite has one process per data folder, so
// there the lock is always free. Jobs must be idempotent: a run that fails or
// is skipped is made good by the next.

export type Job = {
  /** Also the advisory-lock key (hashed by PostgreSQL). */
  name: string;
  everyMs: number;
  /**
   * false: run on the database handle itself, outside a transaction and
   * without the lock (VACUUM cannot run in a transaction). Only for jobs of
   * the embedded database, which has one process (db/jobs/embedded-maintenance.ts).
   */
  transaction?: false;
  run: (tx: Db, now: Date) => Promise<void>;
};

/** Runs the job once if no other instance is running it; false when skipped. */
export async function runJobOnce(db: Db, job: Job, now = new Date()): Promise<boolean> {
  if (job.transaction === false) {
    await job.run(db, now);
    return true;
  }
  return db.transaction(async (tx) => {
    const result = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${"job:" + job.name})) as locked`);
    const [row] = rowsOf<{ locked: boolean }>(result);
    if (!row?.locked) return false;
    await job.run(tx, now);
    return true;
  });
}

export type Scheduler = { stop: () => Promise<void> };

/** Starts every job on its own timer; `stop` waits for runs in progress. */
export function startJobs(db: Db, jobs: readonly Job[], log: (message: string) => void = console.error): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      const run = runJobOnce(db, job)
        .catch((error: unknown) => log(`job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => running.delete(run));
      running.add(run);
    };
    timers.push(setInterval(tick, job.everyMs));
    setImmediate(tick);
  }
  return {
    stop: async () => {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
    },
  };
}

import os from "node:os";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { databaseErrors, jobRuns, jobSeconds } from "@/lib/ops/metrics";
import { errorMessage, log as logger } from "@/lib/ops/log";

// Scheduled work (sealing hours, detecting incidents): each job runs on a
// timer in every app instance, but a run happens inside a transaction that
// first takes a PostgreSQL advisory lock named after the job. Another instance
// that finds the lock taken skips that turn. The lock alone only keeps runs
// apart: instances whose timers are not in step would each run every period,
// one after the other. So a scheduled turn also skips when the job started
// less than three quarters of a period ago (the start is recorded in
// `settings`, on the database's clock), and N instances do each run once.
// PGlite has one process per data folder, so there the lock is always free.
// Jobs must be idempotent: a run that fails or is skipped is made good by the
// next.

export type Job = {
  /** Also the advisory-lock key (hashed by PostgreSQL). */
  name: string;
  everyMs: number;
  /**
   * false: run on the database handle itself, outside a transaction and
   * without the lock: jobs of the embedded database, which has one process
   * (VACUUM cannot run in a transaction; db/jobs/embedded-maintenance.ts),
   * and jobs that wait on the network and keep other instances out with a
   * lease of their own (db/jobs/import-signals.ts).
   */
  transaction?: false;
  /**
   * `stop`: aborted when the server stops. A job that catches up in steps
   * (a first run's backfill) ends after the step it is in, and the next run
   * goes on from there; the others may ignore it.
   */
  run: (tx: Db, now: Date, stop?: AbortSignal) => Promise<void>;
};

/** A turn this soon after the last run's start is skipped; slack for timers and pool waits. */
const MIN_GAP_OF_PERIOD = 0.75;

// Which instance ran a job last, for whoever reads `settings` (and test:cluster).
const INSTANCE = `${os.hostname()}:${process.pid}`;

/** The `settings` key holding a job's last scheduled run: `{ startedAt, ms, instance, runs }`. */
export const lastRunKey = (job: Pick<Job, "name">) => `job:${job.name}:last-run`;

export type LastRun = { startedAt: string; ms: number; instance: string; runs: number };

const lockName = (job: Pick<Job, "name">) => `job:${job.name}`;

async function takeLock(tx: Db, job: Job): Promise<boolean> {
  const result = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${lockName(job)})) as locked`);
  const [row] = rowsOf<{ locked: boolean }>(result);
  return row?.locked === true;
}

/** Waits, inside the caller's transaction, until no run of the job is in progress, and keeps it from starting until that transaction ends. */
export async function holdJobLock(tx: Db, job: Pick<Job, "name">): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockName(job)}))`);
}

/** Runs the job once if no other instance is running it; false when skipped. */
export async function runJobOnce(db: Db, job: Job, now = new Date(), stop?: AbortSignal): Promise<boolean> {
  if (job.transaction === false) {
    await job.run(db, now, stop);
    return true;
  }
  return db.transaction(async (tx) => {
    if (!(await takeLock(tx, job))) return false;
    await job.run(tx, now, stop);
    return true;
  });
}

/**
 * A timer's turn: runs the job unless another instance is running it or ran
 * it less than three quarters of a period ago; records the run in the same
 * transaction, so a failed run leaves no record and the next turn retries.
 */
export async function runScheduledTurn(db: Db, job: Job, now = new Date(), stop?: AbortSignal): Promise<boolean> {
  // One process (PGlite): no other instance to keep apart, nothing to record.
  if (job.transaction === false) return runJobOnce(db, job, now, stop);
  return db.transaction(async (tx) => {
    if (!(await takeLock(tx, job))) return false;
    const key = lastRunKey(job);
    const gapSeconds = (job.everyMs * MIN_GAP_OF_PERIOD) / 1000;
    const [recent] = rowsOf<{ recent: boolean }>(
      await tx.execute(sql`
        select exists (
          select 1 from settings where key = ${key} and (value::jsonb ->> 'startedAt')::timestamptz > now() - make_interval(secs => ${gapSeconds})
        ) as recent`),
    );
    if (recent?.recent) return false;
    const started = Date.now();
    await job.run(tx, now, stop);
    // now() is the transaction's start on the database's clock, shared by
    // every instance; `runs` counts the scheduled runs of all instances.
    await tx.execute(sql`
      insert into settings (key, value, updated_at)
      values (${key}, json_build_object('startedAt', now(), 'ms', ${Date.now() - started}::int, 'instance', ${INSTANCE}::text, 'runs', 1)::text, now())
      on conflict (key) do update set
        value = jsonb_set(excluded.value::jsonb, '{runs}', to_jsonb(coalesce((settings.value::jsonb ->> 'runs')::bigint, 0) + 1))::text,
        updated_at = excluded.updated_at`);
    return true;
  });
}

export type Scheduler = { stop: () => Promise<void> };

/** Starts every job on its own timer; `stop` tells runs in progress to end after their step, and waits for them. */
export function startJobs(
  db: Db,
  jobs: readonly Job[],
  log: (job: string, error: unknown) => void = (job, error) => logger().error({ job, error: errorMessage(error) }, "job failed"),
): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  let stopped = false;
  for (const job of jobs) {
    let busy = false;
    const tick = () => {
      if (stopped) return;
      // A run still going when the next turn comes (a first run's backfill) is not joined by a second.
      if (busy) {
        jobRuns.inc({ job: job.name, outcome: "skipped" });
        return;
      }
      busy = true;
      const timer = jobSeconds.startTimer({ job: job.name });
      const run = runScheduledTurn(db, job, new Date(), stopping.signal)
        .then((ran) => {
          jobRuns.inc({ job: job.name, outcome: ran ? "ran" : "skipped" });
          if (ran) logger().debug({ job: job.name, ms: Math.round(timer() * 1000) }, "job ran");
        })
        .catch((error: unknown) => {
          timer();
          jobRuns.inc({ job: job.name, outcome: "failed" });
          databaseErrors.inc({ where: "job" });
          log(job.name, error);
        })
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    timers.push(setInterval(tick, job.everyMs));
    setImmediate(tick);
  }
  return {
    stop: async () => {
      stopped = true;
      for (const t of timers) clearInterval(t);
      stopping.abort();
      await Promise.all(running);
    },
  };
}

import { sql } from "drizzle-orm";
import type { Job } from "@/db/jobs/scheduler";

// PGlite runs PostgreSQL without its background workers, so nothing vacuums
// or analyses by itself as autovacuum does on a PostgreSQL server. Two things
// would go wrong on a long-running embedded database:
//
// - Space held by deleted and updated rows is never reused. `rollup_pending`
//   is filled by every report batch and emptied by the fold every 2 s: without
//   VACUUM it grows by the size of every row ever written, and every chart
//   read (which adds the pending rows) scans all of it. The rate counters and
//   the rollups, updated in place by upserts, keep dead versions too.
// - The planner never gets statistics, so it estimates from defaults.
//
// These jobs do what autovacuum would, on the embedded database only (server
// entry: jobsFor). VACUUM cannot run in a transaction, so they run outside one
// and without the scheduler's advisory lock: PGlite has one process per data
// folder, so there is no other instance to exclude.

export const vacuumPending: Job = {
  name: "vacuum-pending",
  everyMs: 60_000,
  transaction: false,
  run: async (db) => {
    await db.execute(sql`vacuum rollup_pending`);
  },
};

/** The tables upserts update in place: vacuumed and analysed. */
const UPDATED = ["rate_limit_hits", "report_counts", "report_counts_hourly", "report_totals", "refusals", "admin_sessions", "comment_reviews"];
/** Appended to (nothing to reclaim): analysed only, which samples and is quick. */
const APPENDED = ["reports", "audit_log", "incidents"];

export const vacuumAnalyze: Job = {
  name: "vacuum-analyze",
  everyMs: 3600_000,
  transaction: false,
  run: async (db) => {
    // One statement per table: the single connection is free for report
    // batches between them.
    for (const table of UPDATED) await db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
    for (const table of APPENDED) await db.execute(sql`analyze ${sql.identifier(table)}`);
  },
};

export const EMBEDDED_MAINTENANCE: Job[] = [vacuumPending, vacuumAnalyze];

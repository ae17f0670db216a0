import { detectIncidentsEmbeddedJob, detectIncidentsJob } from "@/db/jobs/detect-incidents";
import { FOLD_ROLLUP } from "@/db/jobs/fold-rollup";
import { pruneAdminSessions } from "@/db/jobs/prune-admin-sessions";
import { pruneRateLimits } from "@/db/jobs/prune-rate-limits";
import { sealHoursEmbeddedJob, sealHoursJob } from "@/db/jobs/seal-hours";
import type { Job } from "@/db/jobs/scheduler";
import { EMBEDDED_MAINTENANCE } from "@/db/jobs/embedded-maintenance";
import type { DatabaseHandle } from "@/db/client";
import { signalJobs } from "@/db/jobs/import-signals";
import { alertJobs } from "@/db/jobs/alerts";
import { env } from "@/lib/env";

// Every scheduled job the server entry starts (db/jobs/scheduler.ts).
export const JOBS: Job[] = [FOLD_ROLLUP, sealHoursJob, detectIncidentsJob, pruneRateLimits, pruneAdminSessions];

/** The embedded database's own way of running a job: outside one long transaction, which would hold its one session. */
const EMBEDDED_VARIANT = new Map<Job, Job>([
  [detectIncidentsJob, detectIncidentsEmbeddedJob],
  [sealHoursJob, sealHoursEmbeddedJob],
]);

/**
 * The jobs for this store: PostgreSQL's autovacuum does what the embedded
 * database needs done by a job, and there detection reads outside a
 * transaction and seals go an hour per transaction (its one session would
 * wait behind them).
 */
export const jobsFor = (kind: DatabaseHandle["kind"]): Job[] => [
  ...(kind === "pglite" ? [...JOBS.map((job) => EMBEDDED_VARIANT.get(job) ?? job), ...EMBEDDED_MAINTENANCE] : JOBS),
  // The signal importers this deployment has switched on (db/jobs/import-signals.ts).
  ...signalJobs(env()),
  // Alerts: the notices owed, and their delivery (db/jobs/alerts.ts).
  ...alertJobs(env()),
];

/** The detection job as the server entry runs it on this store. */
export const detectionJobFor = (kind: DatabaseHandle["kind"]): Job => jobsFor(kind).find((job) => job.name === detectIncidentsJob.name)!;

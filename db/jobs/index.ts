import { detectIncidentsEmbeddedJob, detectIncidentsJob } from "@/db/jobs/detect-incidents";
import { FOLD_ROLLUP } from "@/db/jobs/fold-rollup";
import { pruneAdminSessions } from "@/db/jobs/prune-admin-sessions";
import { pruneRateLimits } from "@/db/jobs/prune-rate-limits";
import { sealHoursJob } from "@/db/jobs/seal-hours";
import type { Job } from "@/db/jobs/scheduler";
import { EMBEDDED_MAINTENANCE } from "@/db/jobs/embedded-maintenance";
import type { DatabaseHandle } from "@/db/client";
import { signalJobs } from "@/db/jobs/import-signals";
import { alertJobs } from "@/db/jobs/alerts";
import { env } from "@/lib/env";

// Every scheduled job the server entry starts (db/jobs/scheduler.ts).
export const JOBS: Job[] = [FOLD_ROLLUP, sealHoursJob, detectIncidentsJob, pruneRateLimits, pruneAdminSessions];

/**
 * The jobs for this store: PostgreSQL's autovacuum does what the embedded
 * database needs done by a job, and there detection reads outside a
 * transaction (its one session would wait behind it).
 */
export const jobsFor = (kind: DatabaseHandle["kind"]): Job[] => [
  ...(kind === "pglite" ? [...JOBS.map((job) => (job === detectIncidentsJob ? detectIncidentsEmbeddedJob : job)), ...EMBEDDED_MAINTENANCE] : JOBS),
  // The signal importers this deployment has switched on (db/jobs/import-signals.ts).
  ...signalJobs(env()),
  // Alerts: the notices owed, and their delivery (db/jobs/alerts.ts).
  ...alertJobs(env()),
];

/** The detection job as the server entry runs it on this store. */
export const detectionJobFor = (kind: DatabaseHandle["kind"]): Job => jobsFor(kind).find((job) => job.name === detectIncidentsJob.name)!;

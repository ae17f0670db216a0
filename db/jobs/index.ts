import type { Job } from "@/db/jobs/scheduler";
import { pruneRateLimits } from "@/db/jobs/prune-rate-limits";

// Every scheduled job the server entry starts (db/jobs/scheduler.ts).
export const JOBS: Job[] = [pruneRateLimits];

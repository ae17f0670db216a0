import { detectIncidentsJob } from "@/db/jobs/detect-incidents";
import type { Job } from "@/db/jobs/scheduler";

// Every scheduled job the server entry starts (db/jobs/scheduler.ts).
export const JOBS: Job[] = [detectIncidentsJob];

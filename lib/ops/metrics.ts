import { Counter, Gauge, Histogram, collectDefaultMetrics, register, type Metric } from "prom-client";

// What an operator watches (GET /metrics, Prometheus' text format): reports
// by how they were stored, the group commit's queue and batches, the jobs,
// database errors and the read cache. One registry per process, prom-client's
// own; the server entry and Next's bundle each load this module, so every
// metric is taken from the registry when the other copy made it first.

function once<M extends Metric>(name: string, make: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? make();
}

export const reportsStored = once(
  "dw_reports_total",
  () =>
    new Counter({
      name: "dw_reports_total",
      help: "Reports answered by the group commit, by how they were stored: counted, duplicate, rate_limited (kept, not counted), replayed (an idempotent retry), refused (429, nothing written) or failed (nothing written)",
      labelNames: ["status"] as const,
    }),
);

export const ingestQueueDepth = once(
  "dw_ingest_queue_depth",
  () => new Gauge({ name: "dw_ingest_queue_depth", help: "Reports waiting for the next group-commit transaction" }),
);

export const ingestBatchSize = once(
  "dw_ingest_batch_size",
  () =>
    new Histogram({
      name: "dw_ingest_batch_size",
      help: "Reports per group-commit transaction",
      buckets: [1, 2, 5, 10, 25, 50, 100, 200, 400],
    }),
);

export const ingestCommitSeconds = once(
  "dw_ingest_commit_seconds",
  () =>
    new Histogram({
      name: "dw_ingest_commit_seconds",
      help: "Time from a group-commit transaction's start to its commit",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

export const jobRuns = once(
  "dw_job_runs_total",
  () =>
    new Counter({
      name: "dw_job_runs_total",
      help: "Scheduled job turns by outcome: ran, skipped (another instance ran it, or ran it lately), failed (rolled back; the next turn retries)",
      labelNames: ["job", "outcome"] as const,
    }),
);

export const jobSeconds = once(
  "dw_job_duration_seconds",
  () =>
    new Histogram({
      name: "dw_job_duration_seconds",
      help: "Duration of the job turns this instance ran or tried",
      labelNames: ["job"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
);

export const databaseErrors = once(
  "dw_database_errors_total",
  () =>
    new Counter({
      name: "dw_database_errors_total",
      help: "Database errors by where they met: ingest (a group commit), job, request (a read or write a page or API made)",
      labelNames: ["where"] as const,
    }),
);

export const readCache = once(
  "dw_read_cache_total",
  () =>
    new Counter({
      name: "dw_read_cache_total",
      help: "Public reads by what the in-app micro-cache did: hit (kept copy), shared (waited for another reader's render), miss (rendered and kept), timeout (waited too long, rendered alone)",
      labelNames: ["outcome"] as const,
    }),
);

export const httpAnswers = once(
  "dw_http_responses_total",
  () =>
    new Counter({
      name: "dw_http_responses_total",
      help: "Answers by status class and kind of request: report (a report sent by API or form), read (GET/HEAD), other",
      labelNames: ["kind", "class"] as const,
    }),
);

let defaults = false;

/** Process metrics too (CPU, memory, event-loop lag, file descriptors); once per process. */
export function collectProcessMetrics(): void {
  if (defaults) return;
  defaults = true;
  collectDefaultMetrics({ prefix: "dw_" });
}

export const metricsContentType = register.contentType;
export const metricsText = (): Promise<string> => register.metrics();

import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports } from "@/db/schema";
import { writeReports, type NewReport } from "@/db/write-reports";
import { floorToBucket } from "@/lib/reports/buckets";
import type { ValidReport } from "@/lib/reports/report-schema";
import type { ReportSource } from "@/lib/reports/vocabulary";
import { ApiError, StorageUnavailableError } from "@/lib/errors";
import { screenBatch, type StoredReport } from "@/db/abuse/screen-batch";
import { isStaleConnection, isStorageFailure } from "@/lib/storage-failure";
import { DEFAULT_LIMITS, type AbuseLimits } from "@/lib/abuse/limits";
import type { ReportStatus } from "@/lib/reports/vocabulary";
import { databaseErrors, ingestBatchSize, ingestCommitSeconds, ingestQueueDepth, reportsStored } from "@/lib/ops/metrics";
import { errorMessage, log } from "@/lib/ops/log";

export type IngestRequest = { report: ValidReport; source: ReportSource; clientKey: string };
export type IngestResult = {
  id: number;
  receivedAt: Date;
  /** Other counted reports for the same district and service in the last hour. */
  nearby: number;
  /** True when this clientReportId was stored before: nothing new was written. */
  replayed: boolean;
  /**
   * How the report was stored: `counted`, or kept without counting as a
   * `duplicate` (same client, area and service within the duplicate window)
   * or `rate_limited` (past the client's hourly share) — lib/abuse.
   */
  status: ReportStatus;
};

type Pending = IngestRequest & {
  key: string;
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
};

const NEARBY_WINDOW_MS = 3600_000;

/**
 * Group commit: requests that arrive while a transaction is in flight wait
 * and go together in the next one, which inserts their reports and bumps the
 * rollup. Each caller is answered only after its transaction commits; if the
 * commit fails, every request in it fails and nothing of it is written.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    // `now`: the clock a batch is received by; a replay at simulated time (npm run eval:detection -- --live) sets its own.
    private readonly options: { maxBatch?: number; maxInFlight?: number; limits?: AbuseLimits; now?: () => Date } = {},
  ) {}

  submit(request: IngestRequest): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      const key = request.report.clientReportId ?? randomUUID();
      this.queue.push({ ...request, key, resolve, reject });
      ingestQueueDepth.set(this.queue.length);
      // Wait one turn of the event loop so requests parsed in the same turn
      // share the first transaction too, not only those that queue behind it.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Resolves once every submitted request has been answered. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump() {
    const maxInFlight = this.options.maxInFlight ?? 1;
    while (this.queue.length > 0 && this.inFlight < maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch ?? 400);
      ingestQueueDepth.set(this.queue.length);
      ingestBatchSize.observe(batch.length);
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.queue.length === 0 && this.inFlight === 0) this.idle.splice(0).forEach((f) => f());
      });
    }
  }

  private async commit(batch: Pending[]) {
    const limits = this.options.limits ?? DEFAULT_LIMITS;
    const now = this.options.now ?? (() => new Date());
    const attempt = (part: Pending[]) => this.db.transaction((tx) => writeBatch(tx, part, limits, now()));
    const timer = ingestCommitSeconds.startTimer();
    try {
      // A connection the server closed since its last use (a restart) fails
      // at once; the pool has dropped it, so one retry meets a live one. Safe
      // even if the first COMMIT did land: the idempotency keys turn the
      // retry into a replay of the same reports.
      const results = await attempt(batch).catch((error: unknown) => {
        if (isStaleConnection(error)) return attempt(batch);
        throw error;
      });
      timer();
      settle(batch, results);
    } catch (error) {
      databaseErrors.inc({ where: "ingest" });
      if (isStorageFailure(error) || batch.length === 1) {
        const failure = isStorageFailure(error) ? new StorageUnavailableError(error) : error;
        reportsStored.inc({ status: "failed" }, batch.length);
        batch.forEach((p) => p.reject(failure));
        return;
      }
      // Not the storage: something in one report the database would not
      // take. It must not fail everyone who shared its transaction, so each
      // goes again alone and only the culprit fails. Said on the log, as
      // the database worded it (Drizzle's own message would carry the
      // reports' values): it costs a transaction per report.
      log().error({ batch: batch.length, error: errorMessage(error) }, "ingest: a batch failed; each report goes again alone");
      for (const p of batch) {
        await attempt([p]).then(
          (results) => settle([p], results),
          (e: unknown) => {
            reportsStored.inc({ status: "failed" });
            p.reject(isStorageFailure(e) ? new StorageUnavailableError(e) : e);
          },
        );
      }
    }
  }
}

function settle(batch: Pending[], results: (IngestResult | ApiError)[]) {
  batch.forEach((p, i) => {
    const r = results[i]!;
    if (r instanceof ApiError) {
      reportsStored.inc({ status: "refused" });
      p.reject(r);
    } else {
      reportsStored.inc({ status: r.replayed ? "replayed" : r.status });
      p.resolve(r);
    }
  });
}

async function writeBatch(tx: Db, batch: Pending[], limits: AbuseLimits, receivedAt: Date): Promise<(IngestResult | ApiError)[]> {
  // The same key twice in one batch is one report too.
  const unique = [...new Map(batch.map((p) => [p.key, p])).values()];
  // Before anything is inserted: stored before (a replay), refused (429), or
  // which status each new report gets.
  const { stored: before, screened } = await screenBatch(
    tx,
    unique.map((p) => ({ key: p.key, clientKey: p.clientKey, area: p.report.area, service: p.report.service })),
    limits,
    receivedAt,
  );
  const stored = new Map<string, StoredReport & { fresh: boolean }>();
  for (const [key, r] of before) stored.set(key, { ...r, fresh: false });
  const refused = new Map<string, ApiError>();
  const toInsert: NewReport[] = [];
  for (const p of unique) {
    const s = screened.get(p.key);
    if (!s) continue;
    if ("refused" in s) refused.set(p.key, s.refused);
    else toInsert.push({ key: p.key, report: p.report, source: p.source, clientKey: p.clientKey, status: s.status });
  }

  // Only counted reports reach the rollups: duplicates and flood reports are
  // kept (and visible to moderation) but never drawn.
  const since = floorToBucket(new Date(receivedAt.getTime() - NEARBY_WINDOW_MS));
  const pairs = [...new Map(batch.map((p) => [`${p.report.area}|${p.report.service}`, { area: p.report.area, service: p.report.service }])).values()];
  const written = await writeReports(tx, toInsert, receivedAt, pairs, since);
  for (const [key, r] of written.inserted) stored.set(key, { ...r, receivedAt, fresh: true });
  // Another instance stored the same clientReportId meanwhile: answer with its row.
  const raced = toInsert.map((p) => p.key).filter((k) => !stored.has(k));
  for (const r of await storedBefore(tx, raced)) stored.set(r.key, { ...r, fresh: false });

  // The same key twice in the batch: the first request stored it, the others
  // are replays of it (200), as if they had come a moment later.
  const answered = new Set<string>();
  return batch.map((p) => {
    const denied = refused.get(p.key);
    if (denied) return denied;
    const row = stored.get(p.key);
    if (!row) throw new Error(`report ${p.key} neither inserted nor found`);
    const fresh = row.fresh && !answered.has(p.key);
    answered.add(p.key);
    const counted = row.status === "counted";
    const total = written.nearby.get(`${p.report.area}|${p.report.service}`) ?? 0;
    const own = counted && p.report.observedAt.getTime() >= since.getTime();
    // A duplicate's own first report (counted, minutes ago) is in the total
    // too: it is not "another person".
    const earlierOwn = row.status === "duplicate" ? 1 : 0;
    return {
      id: row.id,
      receivedAt: row.receivedAt,
      nearby: Math.max(0, total - (own ? 1 : 0) - earlierOwn),
      replayed: !fresh,
      status: row.status,
    };
  });
}

async function storedBefore(tx: Db, keys: string[]) {
  if (keys.length === 0) return [];
  return tx
    .select({ id: reports.id, key: reports.idempotencyKey, receivedAt: reports.receivedAt, status: reports.status })
    .from(reports)
    .where(inArray(reports.idempotencyKey, keys));
}

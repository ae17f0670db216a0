import { randomUUID } from "node:crypto";
import { and, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportCounts, reports } from "@/db/schema";
import { coarsen } from "@/lib/geo/coarsen";
import { floorToBucket } from "@/lib/reports/buckets";
import type { ValidReport } from "@/lib/reports/report-schema";
import type { ReportSource } from "@/lib/reports/vocabulary";
import { ApiError, StorageUnavailableError } from "@/lib/errors";
import { screenBatch } from "@/db/abuse/screen-batch";
import { isStaleConnection, isStorageFailure } from "@/lib/storage-failure";
import { DEFAULT_LIMITS, type AbuseLimits } from "@/lib/abuse/limits";
import type { ReportStatus } from "@/lib/reports/vocabulary";

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
    private readonly options: { maxBatch?: number; maxInFlight?: number; limits?: AbuseLimits } = {},
  ) {}

  submit(request: IngestRequest): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      const key = request.report.clientReportId ?? randomUUID();
      this.queue.push({ ...request, key, resolve, reject });
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
    const attempt = (part: Pending[]) => this.db.transaction((tx) => writeBatch(tx, part, limits));
    try {
      // A connection the server closed since its last use (a restart) fails
      // at once; the pool has dropped it, so one retry meets a live one. Safe
      // even if the first COMMIT did land: the idempotency keys turn the
      // retry into a replay of the same reports.
      const results = await attempt(batch).catch((error: unknown) => {
        if (isStaleConnection(error)) return attempt(batch);
        throw error;
      });
      settle(batch, results);
    } catch (error) {
      if (isStorageFailure(error) || batch.length === 1) {
        const failure = isStorageFailure(error) ? new StorageUnavailableError(error) : error;
        batch.forEach((p) => p.reject(failure));
        return;
      }
      // Not the storage: something in one report the database would not
      // take. It must not fail everyone who shared its transaction, so each
      // goes again alone and only the culprit fails.
      for (const p of batch) {
        await attempt([p]).then(
          (results) => settle([p], results),
          (e: unknown) => p.reject(isStorageFailure(e) ? new StorageUnavailableError(e) : e),
        );
      }
    }
  }
}

function settle(batch: Pending[], results: (IngestResult | ApiError)[]) {
  batch.forEach((p, i) => {
    const r = results[i]!;
    if (r instanceof ApiError) p.reject(r);
    else p.resolve(r);
  });
}

async function writeBatch(tx: Db, batch: Pending[], limits: AbuseLimits): Promise<(IngestResult | ApiError)[]> {
  const receivedAt = new Date();
  // The same key twice in one batch is one report too.
  const unique = [...new Map(batch.map((p) => [p.key, p])).values()];
  // A clientReportId stored before is answered with that report: it is
  // neither limited nor judged again (the offline queue may resend it often).
  const stored = new Map<string, { id: number; receivedAt: Date; status: ReportStatus; fresh: boolean }>();
  for (const r of await storedBefore(tx, unique.map((p) => p.key))) stored.set(r.key, { ...r, fresh: false });
  const arrivals = unique.filter((p) => !stored.has(p.key));

  // Before anything is inserted: refused (429), or which status each gets.
  const screened = await screenBatch(
    tx,
    arrivals.map((p) => ({ clientKey: p.clientKey, area: p.report.area, service: p.report.service })),
    limits,
    receivedAt,
  );
  const refused = new Map<string, ApiError>();
  const toInsert: (Pending & { status: ReportStatus })[] = [];
  arrivals.forEach((p, i) => {
    const s = screened[i]!;
    if ("refused" in s) refused.set(p.key, s.refused);
    else toInsert.push({ ...p, status: s.status });
  });

  const inserted =
    toInsert.length === 0
      ? []
      : await tx
          .insert(reports)
          .values(
            toInsert.map((p) => {
              const r = p.report;
              const cell = r.location ? coarsen(r.location) : undefined;
              return {
                receivedAt,
                observedAt: r.observedAt,
                area: r.area,
                isp: r.isp,
                service: r.service,
                connection: r.connection,
                problem: r.problem,
                cellLat: cell?.lat,
                cellLon: cell?.lon,
                speedKbps: r.speedKbps,
                probes: r.probes,
                comment: r.comment,
                viaVpn: r.viaVpn,
                complaintRef: r.complaintRef,
                source: p.source,
                clientKey: p.clientKey,
                idempotencyKey: p.key,
                status: p.status,
              };
            }),
          )
          .onConflictDoNothing({ target: reports.idempotencyKey })
          .returning({ id: reports.id, key: reports.idempotencyKey, receivedAt: reports.receivedAt, status: reports.status });
  for (const r of inserted) stored.set(r.key, { ...r, fresh: true });
  // Another instance stored the same clientReportId meanwhile: answer with its row.
  const raced = toInsert.map((p) => p.key).filter((k) => !stored.has(k));
  for (const r of await storedBefore(tx, raced)) stored.set(r.key, { ...r, fresh: false });

  // Only counted reports reach the rollups: duplicates and flood reports are
  // kept (and visible to moderation) but never drawn.
  await bumpRollup(tx, toInsert.filter((p) => p.status === "counted" && stored.get(p.key)?.fresh));
  const totals = await countNearby(tx, batch, receivedAt);

  return batch.map((p) => {
    const denied = refused.get(p.key);
    if (denied) return denied;
    const row = stored.get(p.key);
    if (!row) throw new Error(`report ${p.key} neither inserted nor found`);
    const counted = row.status === "counted";
    const total = totals.get(`${p.report.area}|${p.report.service}`) ?? 0;
    const own = counted && p.report.observedAt.getTime() >= floorToBucket(new Date(receivedAt.getTime() - NEARBY_WINDOW_MS)).getTime();
    // A duplicate's own first report (counted, minutes ago) is in the total
    // too: it is not "another person".
    const earlierOwn = row.status === "duplicate" ? 1 : 0;
    return {
      id: row.id,
      receivedAt: row.receivedAt,
      nearby: Math.max(0, total - (own ? 1 : 0) - earlierOwn),
      replayed: !row.fresh,
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

/**
 * The batch's counts into the 5-minute rollup and, as they are, into
 * `rollup_pending`, in one statement (one round trip; the batch travels once,
 * as seven arrays). The hourly rollup and the 5-minute totals are folded in
 * from there by a job (db/jobs/fold-rollup.ts): computing their ~14 grouping
 * sets here cost a third of ingest throughput (bench/ingest.ts). The upsert is
 * sorted by its key, so concurrent transactions (several instances) lock
 * rollup rows in the same order and cannot deadlock each other.
 */
async function bumpRollup(tx: Db, fresh: Pending[]) {
  if (fresh.length === 0) return;
  const counts = new Map<string, { bucket: Date; area: string; isp: string; service: string; connection: string; problem: string; count: number }>();
  for (const { report: r } of fresh) {
    const bucket = floorToBucket(r.observedAt);
    const key = [bucket.toISOString(), r.area, r.isp, r.service, r.connection, r.problem].join("|");
    const row = counts.get(key);
    if (row) row.count++;
    else counts.set(key, { bucket, area: r.area, isp: r.isp, service: r.service, connection: r.connection, problem: r.problem, count: 1 });
  }
  const rows = [...counts.values()];
  const column = <T>(value: (r: (typeof rows)[number]) => T) => sql.param(rows.map(value));
  await tx.execute(sql`
    with b as (
      select bucket::timestamptz as bucket, area, isp, service, connection, problem, count
      from unnest(
        ${column((r) => r.bucket.toISOString())}::text[], ${column((r) => r.area)}::text[], ${column((r) => r.isp)}::text[],
        ${column((r) => r.service)}::text[], ${column((r) => r.connection)}::text[], ${column((r) => r.problem)}::text[],
        ${column((r) => r.count)}::int[]
      ) as u(bucket, area, isp, service, connection, problem, count)
    ),
    five as (
      insert into report_counts (bucket, area, isp, service, connection, problem, count)
      select bucket, area, isp, service, connection::connection, problem::problem, count from b
      order by bucket, area, isp, service, connection, problem
      on conflict (bucket, area, isp, service, connection, problem) do update set count = report_counts.count + excluded.count
    )
    insert into rollup_pending (bucket, area, isp, service, connection, problem, count)
    select bucket, area, isp, service, connection::connection, problem::problem, count from b`);
}

async function countNearby(tx: Db, batch: Pending[], now: Date): Promise<Map<string, number>> {
  const pairs = [...new Set(batch.map((p) => `${p.report.area}|${p.report.service}`))].map((k) => k.split("|") as [string, string]);
  const since = floorToBucket(new Date(now.getTime() - NEARBY_WINDOW_MS));
  const rows = await tx
    .select({
      area: reportCounts.area,
      service: reportCounts.service,
      total: sql<number>`sum(${reportCounts.count})::int`,
    })
    .from(reportCounts)
    .where(
      and(
        gte(reportCounts.bucket, since),
        inArray(reportCounts.area, [...new Set(pairs.map(([a]) => a))]),
        inArray(reportCounts.service, [...new Set(pairs.map(([, s]) => s))]),
      ),
    )
    .groupBy(reportCounts.area, reportCounts.service);
  return new Map(rows.map((r) => [`${r.area}|${r.service}`, Number(r.total)]));
}

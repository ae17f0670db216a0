import { randomUUID } from "node:crypto";
import { and, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { hourlyInsert, totalsInsert } from "@/db/rollup-sql";
import { reportCounts, reports } from "@/db/schema";
import { coarsen } from "@/lib/geo/coarsen";
import { floorToBucket } from "@/lib/reports/buckets";
import type { ValidReport } from "@/lib/reports/report-schema";
import type { ReportSource } from "@/lib/reports/vocabulary";
import { StorageUnavailableError } from "@/lib/errors";

export type IngestRequest = { report: ValidReport; source: ReportSource; clientKey: string };
export type IngestResult = {
  id: number;
  receivedAt: Date;
  /** Other counted reports for the same district and service in the last hour. */
  nearby: number;
  /** True when this clientReportId was stored before: nothing new was written. */
  replayed: boolean;
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
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
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
    try {
      const results = await this.db.transaction((tx) => writeBatch(tx, batch));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      const failure = new StorageUnavailableError(error);
      batch.forEach((p) => p.reject(failure));
    }
  }
}

async function writeBatch(tx: Db, batch: Pending[]): Promise<IngestResult[]> {
  const receivedAt = new Date();
  // The same key twice in one batch is one report too.
  const unique = [...new Map(batch.map((p) => [p.key, p])).values()];
  const inserted = await tx
    .insert(reports)
    .values(
      unique.map((p) => {
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
        };
      }),
    )
    .onConflictDoNothing({ target: reports.idempotencyKey })
    .returning({ id: reports.id, key: reports.idempotencyKey, receivedAt: reports.receivedAt });

  const stored = new Map(inserted.map((r) => [r.key, { ...r, fresh: true, counted: true }]));
  const missing = unique.map((p) => p.key).filter((k) => !stored.has(k));
  if (missing.length > 0) {
    const earlier = await tx
      .select({ id: reports.id, key: reports.idempotencyKey, receivedAt: reports.receivedAt, status: reports.status })
      .from(reports)
      .where(inArray(reports.idempotencyKey, missing));
    for (const r of earlier) stored.set(r.key, { ...r, fresh: false, counted: r.status === "counted" });
  }

  await bumpRollup(tx, unique.filter((p) => stored.get(p.key)?.fresh));
  const totals = await countNearby(tx, batch, receivedAt);

  return batch.map((p) => {
    const row = stored.get(p.key);
    if (!row) throw new Error(`report ${p.key} neither inserted nor found`);
    const total = totals.get(`${p.report.area}|${p.report.service}`) ?? 0;
    const own =
      row.counted && p.report.observedAt.getTime() >= floorToBucket(new Date(receivedAt.getTime() - NEARBY_WINDOW_MS)).getTime();
    return {
      id: row.id,
      receivedAt: row.receivedAt,
      nearby: Math.max(0, total - (own ? 1 : 0)),
      replayed: !row.fresh,
    };
  });
}

/**
 * The batch's counts into all three rollups in one statement (one round trip):
 * the 5-minute rollup, the hourly rollup and the 5-minute totals
 * (db/rollup-sql.ts). The batch travels once, as seven arrays. Every insert
 * is sorted by its key, so concurrent transactions (several instances) lock
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
    ),
    hourly as (${hourlyInsert(sql`b`, "upsert")})
    ${totalsInsert(sql`b`, "upsert")}`);
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

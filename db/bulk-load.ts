import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { areas, isps, reportCounts, reportCountsHourly, reportTotals, rollupPending, services, settings } from "@/db/schema";
import { hourlyInsert, totalsInsert } from "@/db/rollup-sql";
import { HOUR_MS, HOURLY_SETS, TOTAL_SETS } from "@/lib/reports/rollup-sets";
import { ROLLUP_BUCKET_MS } from "@/lib/reports/buckets";
import type { Connection, Problem, ReportSource } from "@/lib/reports/vocabulary";

// Bulk loading for large synthetic loads: the demo seed, benchmarks, imports
// done offline. Not the live path — live reports go through db/ingest.ts,
// which bumps the rollup in the same transaction; a bulk load writes reports
// only, and rebuildRollup() recounts afterwards.

export type BulkReport = {
  receivedAt: Date;
  observedAt: Date;
  area: string;
  isp: string;
  service: string;
  connection: Connection;
  problem: Problem;
  cellLat?: number | null;
  cellLon?: number | null;
  speedKbps?: number | null;
  comment?: string | null;
  viaVpn?: boolean | null;
  source: ReportSource;
  clientKey: string;
  idempotencyKey: string;
};

/*
 * How a chunk is written: one `INSERT … SELECT … FROM unnest($1::text[], …)`
 * with one array parameter per column (15 in all, whatever the chunk size,
 * so the 65,535 bind-parameter limit never applies). Measured on PGlite 0.5,
 * 2-core machine (shared, so ±25 %), 100k demo rows into the real schema:
 *
 *   db.insert(reports).values(chunk), 4,000 rows/chunk   ~4.8k rows/s
 *   json_to_recordset($1::json), 4,000 rows/chunk        ~12.5k rows/s
 *   unnest of column arrays, 4,000 rows/chunk            ~15k rows/s
 *   unnest + FK triggers skipped, 20,000 rows/chunk      ~20–28k rows/s  (kept)
 *   same, arrays pre-built as one text literal each      slower (~17–20k)
 *
 * Raw SQL is kept: ~3–5× Drizzle's values(), which spends its time building
 * and binding 60k parameters per statement. What is left is mostly the
 * server's: ~1.4 s per 100k rows just to hand PGlite the arrays, then the
 * four indexes (id, idempotency key, received_at, observed_at) and, unless
 * skipped, the three foreign-key triggers (areas, isps, services), which
 * cost more than everything else together. ~50k rows/s is not reachable on
 * this schema with its indexes and FKs in place; a plain table without them
 * takes ~35k rows/s by the same path. On PostgreSQL 15 (local): ~43k rows/s
 * as superuser, ~24k rows/s with the triggers running.
 *
 * Foreign keys: the loader reads the slugs of the three reference tables once
 * and checks every row against them before writing its chunk (reference rows
 * are never deleted, see db/reference.ts), so the FK triggers can only repeat
 * that check. Where the session may (superuser: always on PGlite) it writes
 * each chunk with `SET LOCAL session_replication_role = replica`, which skips
 * triggers for that transaction only; elsewhere the triggers run as usual.
 * Note: that also skips any other trigger on `reports` — there are none.
 */

const DEFAULT_CHUNK = 20_000;

export class UnknownReferenceError extends Error {
  constructor(kind: string, slug: string) {
    super(`bulk load: unknown ${kind} "${slug}"`);
    this.name = "UnknownReferenceError";
  }
}

/**
 * Inserts the rows in chunks, each chunk one statement (and one transaction).
 * Returns how many rows were inserted. Writes reports only: call
 * rebuildRollup() afterwards. A chunk that fails (e.g. a repeated
 * idempotency key) throws; the chunks before it stay written.
 */
export async function bulkInsertReports(
  db: Db,
  rows: Iterable<BulkReport> | AsyncIterable<BulkReport>,
  options: { chunkSize?: number } = {},
): Promise<number> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK));
  const known = await referenceSlugs(db);
  const skipTriggers = await mayDisableTriggers(db);

  let total = 0;
  let chunk: BulkReport[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    for (const r of chunk) {
      if (!known.areas.has(r.area)) throw new UnknownReferenceError("area", r.area);
      if (!known.isps.has(r.isp)) throw new UnknownReferenceError("isp", r.isp);
      if (!known.services.has(r.service)) throw new UnknownReferenceError("service", r.service);
    }
    const rows = chunk;
    chunk = [];
    if (skipTriggers) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await insertChunk(tx, rows);
        // Back to normal before the transaction ends: if a caller's outer
        // transaction holds this one as a savepoint, it must not inherit it.
        await tx.execute(sql`set local session_replication_role = origin`);
      });
    } else {
      await insertChunk(db, rows);
    }
    total += rows.length;
  };

  if (Symbol.asyncIterator in rows) {
    for await (const row of rows) {
      chunk.push(row);
      if (chunk.length >= chunkSize) await flush();
    }
  } else {
    // A plain loop for sync sources: `for await` would cost a promise per row.
    for (const row of rows) {
      chunk.push(row);
      if (chunk.length >= chunkSize) await flush();
    }
  }
  await flush();
  return total;
}

async function insertChunk(db: Db, chunk: BulkReport[]) {
  const column = <T>(value: (r: BulkReport) => T) => sql.param(chunk.map(value));
  // Timestamps and enums travel as text arrays and are cast in SQL: every
  // driver serialises a text[] the same way, and millisecond ISO strings
  // round-trip exactly.
  await db.execute(sql`
    insert into reports (received_at, observed_at, area, isp, service, connection, problem,
      cell_lat, cell_lon, speed_kbps, comment, via_vpn, source, client_key, idempotency_key)
    select received_at::timestamptz, observed_at::timestamptz, area, isp, service,
      connection::connection, problem::problem, cell_lat, cell_lon, speed_kbps, comment, via_vpn,
      source::report_source, client_key, idempotency_key::uuid
    from unnest(
      ${column((r) => r.receivedAt.toISOString())}::text[],
      ${column((r) => r.observedAt.toISOString())}::text[],
      ${column((r) => r.area)}::text[],
      ${column((r) => r.isp)}::text[],
      ${column((r) => r.service)}::text[],
      ${column((r) => r.connection)}::text[],
      ${column((r) => r.problem)}::text[],
      ${column((r) => r.cellLat ?? null)}::float8[],
      ${column((r) => r.cellLon ?? null)}::float8[],
      ${column((r) => r.speedKbps ?? null)}::int4[],
      ${column((r) => r.comment ?? null)}::text[],
      ${column((r) => r.viaVpn ?? null)}::bool[],
      ${column((r) => r.source)}::text[],
      ${column((r) => r.clientKey)}::text[],
      ${column((r) => r.idempotencyKey)}::text[]
    ) as t(received_at, observed_at, area, isp, service, connection, problem,
      cell_lat, cell_lon, speed_kbps, comment, via_vpn, source, client_key, idempotency_key)`);
}

async function referenceSlugs(db: Db) {
  // One after the other: db may be a transaction, i.e. one connection.
  const a = await db.select({ slug: areas.slug }).from(areas);
  const i = await db.select({ slug: isps.slug }).from(isps);
  const s = await db.select({ slug: services.slug }).from(services);
  return {
    areas: new Set(a.map((r) => r.slug)),
    isps: new Set(i.map((r) => r.slug)),
    services: new Set(s.map((r) => r.slug)),
  };
}

/** True when this session may skip triggers (superuser, or granted SET on the parameter). */
async function mayDisableTriggers(db: Db): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`set local session_replication_role = origin`);
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Recounts `report_counts` from the counted reports, and
 * `report_counts_hourly` from it: for the UTC hours that overlap [from, to) —
 * or the whole tables without a range — deletes the rollup rows and inserts
 * fresh counts, in one transaction. The buckets are the live path's
 * (floorToBucket of observed_at, epoch-aligned), so a rebuild after live
 * ingest changes nothing.
 */
export async function rebuildRollup(db: Db, range?: { from: Date; to: Date }): Promise<void> {
  const bucket = `${ROLLUP_BUCKET_MS / 60_000} minutes`;
  // Whole hours only: an hour half inside the range is recounted whole, so the
  // hourly rows can be summed from complete 5-minute ones.
  const from = range ? new Date(Math.floor(range.from.getTime() / HOUR_MS) * HOUR_MS) : undefined;
  const to = range ? new Date(Math.ceil(range.to.getTime() / HOUR_MS) * HOUR_MS) : undefined;
  if (from && to && from.getTime() >= to.getTime()) return;

  await db.transaction(async (tx) => {
    // Live ingest bumps rows of these tables in its own transactions; hold it
    // off until the recount commits so none of its counts is lost or counted
    // twice. (Readers are not blocked.)
    await tx.execute(sql`lock table report_counts, report_counts_hourly, report_totals, rollup_pending in exclusive mode`);
    if (from && to) {
      await tx.delete(reportCounts).where(and(gte(reportCounts.bucket, from), lt(reportCounts.bucket, to)));
    } else {
      await tx.delete(reportCounts);
    }
    const where =
      from && to
        ? sql`and observed_at >= ${from.toISOString()}::timestamptz and observed_at < ${to.toISOString()}::timestamptz`
        : sql``;
    await tx.execute(sql`
      insert into report_counts (bucket, area, isp, service, connection, problem, count)
      select date_bin(${bucket}::interval, observed_at, timestamptz '2000-01-01T00:00:00Z') as bucket,
        area, isp, service, connection, problem, count(*)::int
      from reports
      where status = 'counted' ${where}
      group by 1, 2, 3, 4, 5, 6`);
    await rebuildCoarser(tx, from && to ? { from, to } : undefined);
  });
}

/**
 * Recounts the hourly rollup and the 5-minute totals from `report_counts` for
 * the whole UTC hours in [from, to), or all of them (db/rollup-sql.ts). Rows
 * of that range still waiting in `rollup_pending` are in report_counts too,
 * so they go. Run inside the caller's transaction, with the tables locked
 * against live ingest and the fold.
 */
export async function rebuildCoarser(tx: Db, range?: { from: Date; to: Date }): Promise<void> {
  const where = range
    ? sql`where bucket >= ${range.from.toISOString()}::timestamptz and bucket < ${range.to.toISOString()}::timestamptz`
    : sql``;
  for (const table of [reportCountsHourly, reportTotals, rollupPending]) {
    if (range) await tx.delete(table).where(and(gte(table.bucket, range.from), lt(table.bucket, range.to)));
    else await tx.delete(table);
  }
  const source = sql`(select * from report_counts ${where})`;
  await tx.execute(hourlyInsert(source, "insert"));
  await tx.execute(totalsInsert(source, "insert"));
}

const ROLLUP_SETS_SETTING = "rollup:sets";

/**
 * At start-up: makes sure the hourly rollup and the 5-minute totals hold the
 * sets this version reads (lib/reports/rollup-sets.ts). A database written by
 * a version with other sets — or none, before the tables existed — is
 * recounted from the 5-minute rollup once, and the sets are recorded in
 * `settings`.
 */
export async function ensureRollupSets(db: Db): Promise<boolean> {
  const wanted = `${HOURLY_SETS.join(",")}; totals ${TOTAL_SETS.join(",")}`;
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, ROLLUP_SETS_SETTING));
  if (row?.value === wanted) return false;
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table report_counts, report_counts_hourly, report_totals, rollup_pending in exclusive mode`);
    // Another instance may have done it while this one waited for the lock.
    const [again] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, ROLLUP_SETS_SETTING));
    if (again?.value === wanted) return;
    await rebuildCoarser(tx);
    await tx
      .insert(settings)
      .values({ key: ROLLUP_SETS_SETTING, value: wanted })
      .onConflictDoUpdate({ target: settings.key, set: { value: wanted, updatedAt: sql`now()` } });
  });
  return true;
}

// No "server-only" here: the seal job runs in the server entry, outside Next.
import { and, asc, gte, lt, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { auditLog, commentReviews, reports } from "@/db/schema";
import type { StoredReport } from "@/lib/seals/canonical";

// Keyset pagination over reports and audit entries, so an export or a seal
// of a month reads a page at a time and never holds the month in memory.
// The cursor is the last row's timestamp as the database prints it (full
// microseconds, which a JavaScript Date would cut to milliseconds) and its id.

export const PAGE_SIZE = 5000;

/** A stored report with its comment as an export may show it (only once published). */
export type PagedReport = StoredReport & { publishedComment: string | null };

const reportColumns = {
  id: reports.id,
  receivedAt: reports.receivedAt,
  observedAt: reports.observedAt,
  area: reports.area,
  isp: reports.isp,
  service: reports.service,
  connection: reports.connection,
  problem: reports.problem,
  cellLat: reports.cellLat,
  cellLon: reports.cellLon,
  speedKbps: reports.speedKbps,
  viaVpn: reports.viaVpn,
  source: reports.source,
  status: reports.status,
  comment: reports.comment,
  complaintRef: reports.complaintRef,
  sealSalt: reports.sealSalt,
  // The comment as exports may show it: its text once a moderator has
  // published it, else null. The subquery runs only for the few reports with
  // a comment (CASE evaluates lazily), a primary-key probe each.
  publishedComment: sql<string | null>`case when ${reports.comment} is not null and exists (
    select 1 from ${commentReviews} where ${commentReviews.reportId} = ${reports.id} and ${commentReviews.state} = 'published'
  ) then ${reports.comment} end`,
};

/**
 * Reports whose received_at (or observed_at) lies in [from, to) and that match
 * `where`, in order of that time and then id, a page at a time.
 */
export async function* reportPages(
  db: Db,
  window: { by: "received" | "observed"; from: Date; to: Date; where?: SQL },
  pageSize = PAGE_SIZE,
): AsyncGenerator<PagedReport[]> {
  const time = window.by === "received" ? reports.receivedAt : reports.observedAt;
  yield* keysetPages({ time, id: reports.id, from: window.from, to: window.to, where: window.where, pageSize }, (where, limit) =>
    db.select({ ...reportColumns, cursor: sql<string>`${time}::text` }).from(reports).where(where).orderBy(asc(time), asc(reports.id)).limit(limit),
  );
}

export type StoredAuditEntry = typeof auditLog.$inferSelect;

/** Audit entries made in [from, to), in order of time and id, a page at a time. */
export async function* auditPages(db: Db, from: Date, to: Date, pageSize = PAGE_SIZE): AsyncGenerator<StoredAuditEntry[]> {
  yield* keysetPages({ time: auditLog.at, id: auditLog.id, from, to, pageSize }, (where, limit) =>
    db.select({ ...auditColumns, cursor: sql<string>`${auditLog.at}::text` }).from(auditLog).where(where).orderBy(asc(auditLog.at), asc(auditLog.id)).limit(limit),
  );
}

/**
 * Rows whose `time` lies in [from, to) (and that match `where`), in order of
 * time and id, a page at a time: `page` runs the query with the condition
 * and the page size; each row brings its time as the database prints it
 * (`cursor`), where the next page starts.
 */
export async function* keysetPages<Row extends { id: number; cursor: string }>(
  o: { time: AnyPgColumn; id: AnyPgColumn; from: Date; to: Date; where?: SQL; pageSize: number },
  page: (where: SQL | undefined, limit: number) => Promise<Row[]>,
): AsyncGenerator<Row[]> {
  let cursor: { t: string; id: number } | undefined;
  for (;;) {
    const after = cursor ? sql`(${o.time}, ${o.id}) > (${cursor.t}::timestamptz, ${cursor.id})` : undefined;
    const rows = await page(and(gte(o.time, o.from), lt(o.time, o.to), after, o.where), o.pageSize);
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    cursor = { t: last.cursor, id: last.id };
    yield rows;
    if (rows.length < o.pageSize) return;
  }
}

const auditColumns = {
  id: auditLog.id,
  at: auditLog.at,
  actor: auditLog.actor,
  action: auditLog.action,
  reportId: auditLog.reportId,
  reason: auditLog.reason,
  details: auditLog.details,
};

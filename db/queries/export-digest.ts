import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { exportBody } from "@/db/queries/export";
import { exportDigests } from "@/db/schema";
import { exportKey, isClosedWindow } from "@/lib/export/closed-window";
import { MAX_EXPORT_DAYS, type ExportFormat } from "@/lib/export/export-params";
import type { Filters } from "@/lib/filters";

export type ExportDigest = { sha256: string; rows: number; bytes: number };

// The digests of closed windows' counted exports, kept (db/schema/evidence.ts,
// exportDigests, says when one holds). The brief prints the digest of its
// CSV export, and GET /api/v1/export sends a kept one in front of the body
// and streams the body straight from the database.

/** The last audit entry's id, 0 for none: read before an export is read, kept with its digest. */
export async function lastAuditId(db: Db): Promise<number> {
  const [row] = rowsOf<{ id: string | number | null }>(await db.execute(sql`select max(id) as id from audit_log`));
  return Number(row?.id ?? 0);
}

/**
 * The kept digest of this closed window's export, or null: when the window
 * is still open, none is kept, or a moderator has since voided a report
 * observed in it or published or hidden one of its comments (then the kept
 * one is removed).
 */
export async function keptDigest(db: Db, format: ExportFormat, filters: Filters, now: Date): Promise<ExportDigest | null> {
  if (!isClosedWindow(filters.to, now)) return null;
  const key = exportKey(format, filters);
  const [row] = rowsOf<{ sha256: string; rows: number; bytes: string | number; changed: boolean }>(
    await db.execute(sql`
      select d.sha256, d.rows, d.bytes, exists (
        select 1 from audit_log a join reports r on r.id = a.report_id
        where a.id > d.audit_id and r.observed_at >= ${filters.from.toISOString()} and r.observed_at < ${filters.to.toISOString()}
      ) as changed
      from export_digests d where d.key = ${key}`),
  );
  if (!row) return null;
  if (row.changed) {
    await db.delete(exportDigests).where(sql`${exportDigests.key} = ${key}`);
    return null;
  }
  return { sha256: row.sha256, rows: Number(row.rows), bytes: Number(row.bytes) };
}

/**
 * Keeps the digest of an export read in full while `auditId` was the last
 * audit entry; only for a closed window. An audit entry made while it was
 * read has a larger id, so the next keptDigest drops it rather than trust it.
 */
export async function keepDigest(db: Db, format: ExportFormat, filters: Filters, digest: ExportDigest, auditId: number, now: Date): Promise<void> {
  if (!isClosedWindow(filters.to, now)) return;
  const values = { key: exportKey(format, filters), ...digest, auditId, computedAt: now };
  await db
    .insert(exportDigests)
    .values(values)
    .onConflictDoUpdate({ target: exportDigests.key, set: { sha256: values.sha256, bytes: values.bytes, rows: values.rows, auditId, computedAt: now } });
}

/**
 * The SHA-256 (hex, as sha256sum prints it), rows and bytes of the counted
 * export (CSV unless asked) GET /api/v1/export would send for these filters: kept, or the same
 * body hashed as it streams (never held whole) and kept when the window is
 * closed. Null when the window is longer than one export may be.
 */
export async function getExportDigest(db: Db, filters: Filters, now = new Date(), format: ExportFormat = "csv"): Promise<ExportDigest | null> {
  if (filters.to.getTime() - filters.from.getTime() > MAX_EXPORT_DAYS * 86_400_000) return null;
  const kept = await keptDigest(db, format, filters, now);
  if (kept) return kept;
  const auditId = await lastAuditId(db);
  const counter = { rows: 0 };
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of exportBody(db, { filters, format, include: "counted" }, counter)) {
    const buf = Buffer.from(chunk, "utf8");
    hash.update(buf);
    bytes += buf.length;
  }
  const digest = { sha256: hash.digest("hex"), rows: counter.rows, bytes };
  await keepDigest(db, format, filters, digest, auditId, now);
  return digest;
}

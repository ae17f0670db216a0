import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { microsOf, olderThan } from "@/db/queries/admin-paging";
import { adminAccounts, auditLog } from "@/db/schema";
import { encodeCursor, type Cursor } from "@/lib/moderation/cursor";

export type AuditRow = {
  id: number;
  at: Date;
  /** As sealed: "moderator-3" or "command-line". */
  actor: string;
  /** The account's username, for moderators' eyes only (never exported). */
  username: string | null;
  action: string;
  reportId: number | null;
  reason: string | null;
  details: Record<string, unknown> | null;
};

export const AUDIT_PAGE_SIZE = 50;

/** The audit log, newest first, keyset paged. */
export async function auditEntries(db: Db, cursor?: Cursor, limit = AUDIT_PAGE_SIZE): Promise<{ items: AuditRow[]; next?: string }> {
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      username: adminAccounts.username,
      action: auditLog.action,
      reportId: auditLog.reportId,
      reason: auditLog.reason,
      details: auditLog.details,
      micros: microsOf(auditLog.at),
    })
    .from(auditLog)
    // The actor names an account by number (lib/moderation/vocabulary.ts).
    .leftJoin(adminAccounts, eq(auditLog.actor, sql`'moderator-' || ${adminAccounts.id}::text`))
    .where(olderThan(auditLog.at, auditLog.id, cursor))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ micros: _micros, details, ...r }) => ({ ...r, details: details && typeof details === "object" ? (details as Record<string, unknown>) : null })),
    next: rows.length > limit && last ? encodeCursor({ micros: last.micros, id: last.id }) : undefined,
  };
}

/** The audit entries about one report, oldest first (the report's page in the admin). */
export async function reportAudit(db: Db, reportId: number): Promise<AuditRow[]> {
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      username: adminAccounts.username,
      action: auditLog.action,
      reportId: auditLog.reportId,
      reason: auditLog.reason,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(adminAccounts, eq(auditLog.actor, sql`'moderator-' || ${adminAccounts.id}::text`))
    .where(eq(auditLog.reportId, reportId))
    .orderBy(auditLog.at, auditLog.id);
  return rows.map(({ details, ...r }) => ({ ...r, details: details && typeof details === "object" ? (details as Record<string, unknown>) : null }));
}

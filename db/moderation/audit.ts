import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { AuditAction } from "@/lib/moderation/vocabulary";

export type AuditInput = {
  actor: string;
  action: AuditAction;
  reportId?: number | null;
  reason?: string | null;
  /** Small, public facts only: the entry is sealed and published in the sealed record. Never a comment's text or a username. */
  details?: Record<string, unknown> | null;
};

/**
 * Writes one audit entry inside the caller's transaction — the one that makes
 * the change, so the change and its record commit together or not at all.
 *
 * Its time is the clock at the insert (clock_timestamp()), not the start of
 * the transaction (now()): the seal of an hour is made two minutes after it
 * ends and first waits for writes in flight (db/jobs/seal-hours.ts), so an
 * entry stamped at the moment it is written always lands in an hour not yet
 * sealed. A transaction that began in a sealed hour must not stamp its entry
 * back into it. Call it after the transaction's other writes to `reports`:
 * the seal locks reports, then audit_log, and taking them in the same order
 * here means the two can never wait on each other.
 */
export async function writeAudit(tx: Db, entry: AuditInput): Promise<{ id: number; at: Date }> {
  const [row] = await tx
    .insert(auditLog)
    .values({
      at: sql`clock_timestamp()`,
      actor: entry.actor,
      action: entry.action,
      reportId: entry.reportId ?? null,
      reason: entry.reason ?? null,
      details: entry.details ?? null,
    })
    .returning({ id: auditLog.id, at: auditLog.at });
  return row!;
}

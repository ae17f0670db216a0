import "server-only";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { keptFigures } from "@/db/schema";
import { isClosedWindow, keptKey, type KeptFigure } from "@/lib/evidence/closed-window";
import type { Filters } from "@/lib/filters";

// Figures of closed windows, kept once computed (db/schema/evidence.ts,
// keptFigures, says when one holds): the digest of an export, a ledger.

/**
 * The last audit entry's id, 0 for none: read before the reports are read,
 * kept with what is computed from them. Ids are handed out before their
 * transactions commit, so a void could hold id 101 uncommitted while 102 is
 * already visible; the SHARE lock waits for every audit write in progress,
 * so all ids up to the one read are committed and will not appear later.
 */
export async function lastAuditId(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table audit_log in share mode`);
    const [row] = rowsOf<{ id: string | number | null }>(await tx.execute(sql`select max(id) as id from audit_log`));
    return Number(row?.id ?? 0);
  });
}

/**
 * The kept figure of this closed window, or null: when the window is still
 * open, none is kept, or a moderator has since voided a report observed in
 * it or published or hidden one of its comments (then the kept one is
 * removed).
 */
export async function keptFigure<T>(db: Db, figure: KeptFigure, filters: Filters, now: Date): Promise<T | null> {
  if (!isClosedWindow(filters.to, now)) return null;
  const key = keptKey(figure, filters);
  const [row] = rowsOf<{ value: T; changed: boolean }>(
    await db.execute(sql`
      select k.value, exists (
        select 1 from audit_log a join reports r on r.id = a.report_id
        where a.id > k.audit_id and r.observed_at >= ${filters.from.toISOString()} and r.observed_at < ${filters.to.toISOString()}
      ) as changed
      from kept_figures k where k.key = ${key}`),
  );
  if (!row) return null;
  if (row.changed) {
    await forgetFigure(db, figure, filters);
    return null;
  }
  return typeof row.value === "string" ? (JSON.parse(row.value) as T) : row.value;
}

/**
 * Keeps a figure computed from the reports while `auditId` was the last
 * audit entry; only for a closed window. An audit entry made while they were
 * read has a larger id, so the next keptFigure drops it rather than trust it.
 */
export async function keepFigure(db: Db, figure: KeptFigure, filters: Filters, value: unknown, auditId: number, now: Date): Promise<void> {
  if (!isClosedWindow(filters.to, now)) return;
  const key = keptKey(figure, filters);
  await db
    .insert(keptFigures)
    .values({ key, value, auditId, computedAt: now })
    .onConflictDoUpdate({ target: keptFigures.key, set: { value, auditId, computedAt: now } });
}

export async function forgetFigure(db: Db, figure: KeptFigure, filters: Filters): Promise<void> {
  await db.delete(keptFigures).where(eq(keptFigures.key, keptKey(figure, filters)));
}

/** The kept figure, or `compute` run now and kept when the window is closed. */
export async function throughKept<T>(db: Db, figure: KeptFigure, filters: Filters, now: Date, compute: () => Promise<T>): Promise<T> {
  if (!isClosedWindow(filters.to, now)) return compute();
  const kept = await keptFigure<T>(db, figure, filters, now);
  if (kept) return kept;
  const auditId = await lastAuditId(db);
  const value = await compute();
  await keepFigure(db, figure, filters, value, auditId, now);
  return value;
}

import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { microsOf, olderThan } from "@/db/queries/admin-paging";
import { ispStatements, statementHides } from "@/db/schema";
import { encodeCursor, type Cursor } from "@/lib/moderation/cursor";
import type { StatementLang, StatementStatus } from "@/lib/statements/vocabulary";

export type RecentStatement = {
  statementId: number;
  incidentId: number;
  isp: string;
  version: number;
  status: StatementStatus;
  text: string;
  lang: StatementLang;
  cause: string | null;
  postedAt: Date;
  hidden: { at: Date; reason: string } | null;
};

export const RECENT_PAGE_SIZE = 20;

/**
 * Statements for the moderators' list: each by its latest version, the most
 * recently posted or edited first, hidden ones too (marked). Keyset paged
 * like the comment queue (lib/moderation/cursor.ts), on the latest version's
 * time and row id.
 */
export async function recentStatements(db: Db, cursor?: Cursor, limit = RECENT_PAGE_SIZE): Promise<{ items: RecentStatement[]; next?: string }> {
  const newer = sql`exists (select 1 from ${ispStatements} n where n.statement_id = ${ispStatements.statementId} and n.version > ${ispStatements.version})`;
  const rows = await db
    .select({
      rowId: ispStatements.id,
      statementId: ispStatements.statementId,
      incidentId: ispStatements.incidentId,
      isp: ispStatements.isp,
      version: ispStatements.version,
      status: ispStatements.status,
      text: ispStatements.text,
      lang: ispStatements.lang,
      cause: ispStatements.cause,
      postedAt: ispStatements.postedAt,
      hiddenAt: statementHides.hiddenAt,
      hideReason: statementHides.reason,
      micros: microsOf(ispStatements.postedAt),
    })
    .from(ispStatements)
    .leftJoin(statementHides, eq(statementHides.statementId, ispStatements.statementId))
    .where(and(sql`not ${newer}`, olderThan(ispStatements.postedAt, ispStatements.id, cursor)))
    .orderBy(desc(ispStatements.postedAt), desc(ispStatements.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      statementId: r.statementId,
      incidentId: r.incidentId,
      isp: r.isp,
      version: r.version,
      status: r.status as StatementStatus,
      text: r.text,
      lang: r.lang as StatementLang,
      cause: r.cause,
      postedAt: r.postedAt,
      hidden: r.hiddenAt ? { at: r.hiddenAt, reason: r.hideReason ?? "" } : null,
    })),
    next: rows.length > limit && last ? encodeCursor({ micros: last.micros, id: last.rowId }) : undefined,
  };
}

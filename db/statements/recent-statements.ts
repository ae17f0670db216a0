import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { microsOf, olderThan } from "@/db/queries/admin-paging";
import { ispStatements, statementHides } from "@/db/schema";
import { hiddenOf, versionOf } from "@/db/statements/statements-of";
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
    .select({ row: ispStatements, hiddenAt: statementHides.hiddenAt, hideReason: statementHides.reason, micros: microsOf(ispStatements.postedAt) })
    .from(ispStatements)
    .leftJoin(statementHides, eq(statementHides.statementId, ispStatements.statementId))
    .where(and(sql`not ${newer}`, olderThan(ispStatements.postedAt, ispStatements.id, cursor)))
    .orderBy(desc(ispStatements.postedAt), desc(ispStatements.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ row, hiddenAt, hideReason }) => {
      const { version, status, text, lang, cause, postedAt } = versionOf(row);
      return { statementId: row.statementId, incidentId: row.incidentId, isp: row.isp, version, status, text, lang, cause, postedAt, hidden: hiddenAt ? hiddenOf(hiddenAt, hideReason) : null };
    }),
    next: rows.length > limit && last ? encodeCursor({ micros: last.micros, id: last.row.id }) : undefined,
  };
}

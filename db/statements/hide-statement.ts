import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { writeAudit } from "@/db/moderation/audit";
import { ispStatements, statementHides } from "@/db/schema";
import { StatementRefused } from "@/lib/statements/statement-errors";
import { actorOf } from "@/lib/moderation/vocabulary";

export type HideResult = { changed: boolean };

/**
 * A moderator hides a statement (every version of it), with a reason: a row
 * in statement_hides and an audit entry, in one transaction. The audit entry
 * is sealed in its own hour, so hiding changes no sealed line and breaks no
 * seal; the statement's words stay in the database (and their digests in the
 * seal) but are shown nowhere. Hiding it again changes nothing and writes
 * nothing: the second of two moderators at once waits on the first's row.
 * The audit entry names the statement, its ISP and its incident, never its
 * words: the entry is public.
 */
export async function hideStatement(db: Db, { moderatorId, statementId, reason }: { moderatorId: number; statementId: number; reason: string }, now: Date): Promise<HideResult> {
  return db.transaction(async (tx) => {
    const [first] = await tx
      .select({ isp: ispStatements.isp, incidentId: ispStatements.incidentId })
      .from(ispStatements)
      .where(and(eq(ispStatements.statementId, statementId), eq(ispStatements.version, 1)))
      // The row an edit locks (db/statements/edit-statement.ts): an edit under way finishes first, and none starts after the hide.
      .for("no key update");
    if (!first) throw new StatementRefused("statement_not_found", `statementId: no statement ${statementId}`);
    const [row] = await tx
      .insert(statementHides)
      .values({ statementId, hiddenAt: now, hiddenBy: moderatorId, reason })
      .onConflictDoNothing({ target: statementHides.statementId })
      .returning({ statementId: statementHides.statementId });
    if (!row) return { changed: false };
    await writeAudit(tx, { actor: actorOf(moderatorId), action: "hide_statement", reason, details: { statement: statementId, isp: first.isp, incident: first.incidentId } });
    return { changed: true };
  });
}

import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ispStatements, statementHides } from "@/db/schema";
import type { PostedVersion, StatementAccount } from "@/db/statements/post-statement";
import { refuseSealedHour } from "@/db/statements/write-version";
import { MAX_VERSIONS, StatementRefused } from "@/lib/statements/statement-errors";
import type { StatementInput } from "@/lib/statements/statement-input";

/** How often an edit that lost a race for its version number is tried again before it is refused. */
const ATTEMPTS = 3;

export type EditedVersion = PostedVersion & { changed: boolean };

/**
 * An edit of an ISP's own statement: a new row with the next version, never
 * a change to the rows before it, which stay visible as its history. Only
 * the statement's own ISP may edit it (any of its staff: the statement is
 * the provider's, not one person's); a hidden statement takes no edits. An
 * edit that says exactly what the latest version says adds nothing.
 *
 * Two edits at once are taken in turn: each first locks the statement's
 * first version row, then reads the latest version in a statement of its
 * own (so it sees what the edit before it committed) and writes the next.
 * Should two still reach for the same version number (a writer that skipped
 * the lock), the unique index on (statement_id, version) lets one in, the
 * other's insert does nothing, and that edit is tried again on top of the
 * new version, at most ATTEMPTS times, then refused as "conflict". Each
 * attempt is its own transaction.
 */
export async function editStatement(
  db: Db,
  { account, statementId, input }: { account: StatementAccount; statementId: number; input: StatementInput },
  now: Date,
): Promise<EditedVersion> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const written = await db.transaction(async (tx): Promise<EditedVersion | undefined> => {
      const [first] = await tx
        .select({ id: ispStatements.id })
        .from(ispStatements)
        .where(and(eq(ispStatements.statementId, statementId), eq(ispStatements.version, 1)))
        .for("no key update");
      if (!first) throw new StatementRefused("statement_not_found", `statementId: no statement ${statementId}`);
      const [latest] = await tx.select().from(ispStatements).where(eq(ispStatements.statementId, statementId)).orderBy(desc(ispStatements.version)).limit(1);
      if (!latest) throw new StatementRefused("statement_not_found", `statementId: no statement ${statementId}`);
      if (latest.isp !== account.isp) throw new StatementRefused("not_your_statement", `statementId: statement ${statementId} is not ${account.isp}'s`);
      const [hidden] = await tx.select({ at: statementHides.hiddenAt }).from(statementHides).where(eq(statementHides.statementId, statementId));
      if (hidden) throw new StatementRefused("hidden", `statementId: statement ${statementId} was hidden by moderation`);
      if (sameWords(latest, input)) return { statementId, version: latest.version, rowId: latest.id, changed: false };
      if (latest.version >= MAX_VERSIONS) throw new StatementRefused("too_many_versions", `statementId: statement ${statementId} has ${MAX_VERSIONS} versions; post a new statement`);
      const [row] = await tx
        .insert(ispStatements)
        .values({ statementId, version: latest.version + 1, incidentId: latest.incidentId, isp: latest.isp, ...input, postedAt: now, postedBy: account.accountId })
        .onConflictDoNothing({ target: [ispStatements.statementId, ispStatements.version] })
        .returning({ id: ispStatements.id, version: ispStatements.version });
      if (!row) return undefined;
      await refuseSealedHour(tx, now);
      return { statementId, version: row.version, rowId: row.id, changed: true };
    });
    if (written) return written;
  }
  throw new StatementRefused("conflict", `statementId: statement ${statementId} was edited by someone else at the same time; try again`);
}

function sameWords(row: typeof ispStatements.$inferSelect, input: StatementInput): boolean {
  return (
    row.status === input.status &&
    row.text === input.text &&
    row.lang === input.lang &&
    row.cause === input.cause &&
    (row.restoredAt?.getTime() ?? null) === (input.restoredAt?.getTime() ?? null)
  );
}

// No "server-only" here: the seal job runs in the server entry, outside Next.
import { asc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ispStatements } from "@/db/schema";
import { keysetPages, PAGE_SIZE } from "@/db/seals/report-pages";
import type { StoredStatement } from "@/lib/seals/canonical";

const statementColumns = {
  id: ispStatements.id,
  statementId: ispStatements.statementId,
  version: ispStatements.version,
  incidentId: ispStatements.incidentId,
  isp: ispStatements.isp,
  status: ispStatements.status,
  lang: ispStatements.lang,
  text: ispStatements.text,
  cause: ispStatements.cause,
  restoredAt: ispStatements.restoredAt,
  postedAt: ispStatements.postedAt,
  postedBy: ispStatements.postedBy,
};

/**
 * Versions of ISP statements posted in [from, to), in order of posted_at and
 * id, a page at a time (keyset, as reportPages: the cursor keeps the
 * database's microseconds).
 */
export async function* statementPages(db: Db, from: Date, to: Date, pageSize = PAGE_SIZE): AsyncGenerator<StoredStatement[]> {
  yield* keysetPages({ time: ispStatements.postedAt, id: ispStatements.id, from, to, pageSize }, (where, limit) =>
    db
      .select({ ...statementColumns, cursor: sql<string>`${ispStatements.postedAt}::text` })
      .from(ispStatements)
      .where(where)
      .orderBy(asc(ispStatements.postedAt), asc(ispStatements.id))
      .limit(limit),
  );
}

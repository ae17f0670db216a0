// No "server-only": the feed, the API and the desk read it through Next, the
// tests directly.
import { asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentAliases, ispStatements, statementHides } from "@/db/schema";
import type { StatementThread, StatementVersion } from "@/lib/statements/thread";
import type { StatementLang, StatementStatus } from "@/lib/statements/vocabulary";

// Statements are read fresh, not through db/queries/cached.ts: one indexed
// read per incident, and a provider who posts, or a moderator who hides,
// sees it on the next page. The public pages and the incident API are kept
// at most 10 s by the server's micro-cache (server/response-cache.ts), no
// longer than the incident itself.

/** Every statement on an incident, oldest first, each with all its versions and whether it is hidden. */
export async function statementsOf(db: Db, incidentId: number): Promise<StatementThread[]> {
  return (await statementsOfIncidents(db, [incidentId])).get(incidentId) ?? [];
}

/** The statements of several incidents at once (the brief, the feed), by incident id. */
export async function statementsOfIncidents(db: Db, incidentIds: readonly number[]): Promise<Map<number, StatementThread[]>> {
  const out = new Map<number, StatementThread[]>();
  if (incidentIds.length === 0) return out;
  // A statement stays under the id it was posted (and sealed) on; an incident merged into another
  // (incident_aliases) brings its statements with it.
  const ids = [...new Set(incidentIds)];
  const aliases = await db.select().from(incidentAliases).where(inArray(incidentAliases.newId, ids));
  const current = new Map<number, number>([...ids.map((id) => [id, id] as const), ...aliases.map((a) => [a.oldId, a.newId] as const)]);
  for (const thread of await threads(db, inArray(ispStatements.incidentId, [...current.keys()]))) {
    const at = current.get(thread.incidentId)!;
    const list = out.get(at) ?? [];
    list.push(thread);
    out.set(at, list);
  }
  return out;
}

/** The incident an id now stands for: itself, or the one it was merged into; undefined when it was never merged. */
export async function mergedInto(db: Db, incidentId: number): Promise<number | undefined> {
  const [alias] = await db.select({ newId: incidentAliases.newId }).from(incidentAliases).where(eq(incidentAliases.oldId, incidentId));
  return alias?.newId;
}

/** One statement by its id (its first version's), or undefined. */
export async function statementById(db: Db, statementId: number): Promise<StatementThread | undefined> {
  return (await threads(db, eq(ispStatements.statementId, statementId)))[0];
}

/** The statements whose version rows match `where`, grouped; statements in order of their first post. */
export async function threads(db: Db, where: SQL | undefined): Promise<StatementThread[]> {
  const rows = await db
    .select({ row: ispStatements, hiddenAt: statementHides.hiddenAt, hideReason: statementHides.reason })
    .from(ispStatements)
    .leftJoin(statementHides, eq(statementHides.statementId, ispStatements.statementId))
    .where(where)
    .orderBy(asc(ispStatements.statementId), asc(ispStatements.version));
  const byId = new Map<number, StatementThread>();
  for (const { row, hiddenAt, hideReason } of rows) {
    const version = versionOf(row);
    const thread = byId.get(row.statementId);
    if (thread) {
      thread.history.push(version);
      thread.latest = version;
      continue;
    }
    byId.set(row.statementId, {
      id: row.statementId,
      incidentId: row.incidentId,
      isp: row.isp,
      latest: version,
      history: [version],
      ...(hiddenAt ? { hidden: hiddenOf(hiddenAt, hideReason) } : {}),
    });
  }
  return [...byId.values()];
}

/** A version row as the pages and the API read it. */
export function versionOf(row: typeof ispStatements.$inferSelect): StatementVersion {
  return {
    rowId: row.id,
    version: row.version,
    status: row.status as StatementStatus,
    text: row.text,
    lang: row.lang as StatementLang,
    cause: row.cause,
    restoredAt: row.restoredAt,
    postedAt: row.postedAt,
    postedBy: row.postedBy,
  };
}

/** A statement_hides row joined in, as the pages read it. */
export const hiddenOf = (at: Date, reason: string | null) => ({ at, reason: reason ?? "" });

import "server-only";
import { and, asc, desc, gte, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { seals } from "@/db/schema";
import type { Seal, SealVersion } from "@/lib/seals/seal-hash";

/** The hourly seals whose hour starts in [from, to) (all of them without a range), oldest first. */
export async function listSeals(db: Db, range: { from?: Date; to?: Date } = {}): Promise<Seal[]> {
  const rows = await db
    .select()
    .from(seals)
    .where(and(range.from ? gte(seals.hour, range.from) : undefined, range.to ? lt(seals.hour, range.to) : undefined))
    .orderBy(asc(seals.hour));
  return rows.map(toSeal);
}

/** The newest `n` seals, newest first: the feed and the data page. */
export async function latestSeals(db: Db, n: number): Promise<Seal[]> {
  const rows = await db.select().from(seals).orderBy(desc(seals.hour)).limit(n);
  return rows.map(toSeal);
}

function toSeal(r: typeof seals.$inferSelect): Seal {
  return {
    hour: r.hour.toISOString(),
    version: r.version as SealVersion,
    reports: r.reports,
    auditEntries: r.auditEntries,
    statements: r.statements,
    content: r.content,
    sha256: r.sha256,
    prev: r.prev,
  };
}

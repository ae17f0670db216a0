import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportCounts } from "@/db/schema";
import { dimensionColumn, rollupWhere } from "@/db/queries/filters";
import type { Dimension, Filters } from "@/lib/filters";
import { findArea, findIsp, findService } from "@/lib/reference";
import { vocabularyName } from "@/lib/reports/vocabulary-names";

export type BreakdownRow = { key: string; name: string; nameUr: string; count: number; share: number };

/** Counted reports per value of one dimension, largest first, from the rollup. */
export async function getBreakdown(db: Db, filters: Filters, dimension: Dimension, limit = 100): Promise<BreakdownRow[]> {
  const column = dimensionColumn(dimension);
  const rows = await db
    .select({
      key: sql<string>`${column}::text`,
      count: sql<number>`sum(${reportCounts.count})::int`,
      // The grand total over every row, not just the ones the limit keeps.
      total: sql<number>`(sum(sum(${reportCounts.count})) over ())::bigint`,
    })
    .from(reportCounts)
    .where(rollupWhere(filters))
    .groupBy(column)
    .orderBy(sql`2 desc`, sql`1`)
    .limit(limit);
  const total = Number(rows[0]?.total ?? 0);
  return rows.map((r) => {
    const names = dimensionNames(dimension, r.key);
    const count = Number(r.count);
    return { key: r.key, name: names.nameEn, nameUr: names.nameUr, count, share: total ? count / total : 0 };
  });
}

export function dimensionNames(dimension: Dimension, key: string): { nameEn: string; nameUr: string } {
  const found =
    dimension === "area" ? findArea(key) : dimension === "isp" ? findIsp(key) : dimension === "service" ? findService(key) : undefined;
  if (found) return found;
  if (dimension === "connection" || dimension === "problem") return vocabularyName(dimension, key);
  return { nameEn: key, nameUr: key };
}

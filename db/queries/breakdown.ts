import "server-only";
import type { Db } from "@/db/client";
import { sumRollup } from "@/db/queries/rollup-read";
import type { Dimension, Filters } from "@/lib/filters";
import { findArea, findIsp, findService } from "@/lib/reference";
import { floorToBucket } from "@/lib/reports/buckets";
import { vocabularyName } from "@/lib/reports/vocabulary-names";

export type BreakdownRow = { key: string; name: string; nameUr: string; count: number; share: number };

/** Counted reports per value of one dimension, largest first, from the rollups. */
export async function getBreakdown(db: Db, filters: Filters, dimension: Dimension, limit = 100): Promise<BreakdownRow[]> {
  const from = floorToBucket(filters.from).getTime();
  const rows = await sumRollup(db, { filters, ranges: [[from, filters.to.getTime()]], dimension });
  // The share is of the grand total over every value, not just the ones the limit keeps.
  const total = rows.reduce((n, r) => n + r.count, 0);
  return rows
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit)
    .map((r) => {
      const names = dimensionNames(dimension, r.key);
      return { key: r.key, name: names.nameEn, nameUr: names.nameUr, count: r.count, share: total ? r.count / total : 0 };
    });
}

export function dimensionNames(dimension: Dimension, key: string): { nameEn: string; nameUr: string } {
  const found =
    dimension === "area" ? findArea(key) : dimension === "isp" ? findIsp(key) : dimension === "service" ? findService(key) : undefined;
  if (found) return found;
  if (dimension === "connection" || dimension === "problem") return vocabularyName(dimension, key);
  return { nameEn: key, nameUr: key };
}

import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * The `set` of an upsert that takes these columns from the row that
 * conflicted (`excluded.<column>`): a later load or fetch of the same key
 * replaces what was there.
 */
export function fromExcluded<T extends PgTable>(table: T, columns: readonly (keyof T["_"]["columns"] & string)[]): Record<string, SQL> {
  const all = getTableColumns(table) as Record<string, { name: string }>;
  return Object.fromEntries(columns.map((c) => [c, sql.raw(`excluded."${all[c]!.name}"`)]));
}

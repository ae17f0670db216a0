import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Cursor } from "@/lib/moderation/cursor";

// The SQL side of lib/moderation/cursor.ts.

/** The column as whole microseconds since 1970 (text, exact). */
export const microsOf = (time: AnyColumn | SQL) => sql<string>`(extract(epoch from ${time}) * 1000000)::bigint::text`;

/** Rows after the cursor in (time desc, id desc) order. */
export const olderThan = (time: AnyColumn | SQL, id: AnyColumn | SQL, c: Cursor | undefined) =>
  c ? sql`(${time}, ${id}) < (timestamptz 'epoch' + ${c.micros}::bigint * interval '1 microsecond', ${c.id})` : undefined;

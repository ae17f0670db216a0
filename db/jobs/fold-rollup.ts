import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { Job } from "@/db/jobs/scheduler";
import { hourlyInsert, totalsInsert } from "@/db/rollup-sql";

/**
 * Moves the rows ingest left in `rollup_pending` into the hourly rollup and
 * the 5-minute totals, in one statement: the rows deleted are exactly the
 * rows added, and a reader (one statement, one snapshot) sees them in one
 * place or the other, never both (db/queries/rollup-read.ts). Rows committed
 * after the statement began wait for the next run. Returns how many pending
 * rows it moved.
 *
 * A pending row may count −1: a report voided by a moderator
 * (db/moderation/void-report.ts). It is summed and upserted like the others,
 * so the hourly and total rows go down by one; a row left at 0 stays (reads
 * skip sums of 0, db/queries/rollup-read.ts) until a recount drops it.
 */
export async function foldRollup(db: Db): Promise<number> {
  const result = await db.execute(sql`
    with moved as (
      delete from rollup_pending returning bucket, area, isp, service, connection, problem, count
    ),
    hourly as (${hourlyInsert(sql`moved`, "upsert")}),
    totals as (${totalsInsert(sql`moved`, "upsert")})
    select count(*)::int as n from moved`);
  const [row] = rowsOf<{ n: number }>(result);
  return Number(row?.n ?? 0);
}

// Every few seconds: the pending table stays small (a few seconds of
// batches), so the reads that add it stay cheap. Only one instance folds at a
// time (the scheduler's advisory lock); a skipped or failed run leaves the
// rows for the next one, and reads stay right meanwhile.
export const FOLD_ROLLUP: Job = {
  name: "fold-rollup",
  everyMs: 2_000,
  run: async (tx) => {
    await foldRollup(tx);
  },
};

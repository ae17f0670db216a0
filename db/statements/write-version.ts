import { gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { seals } from "@/db/schema";
import { floorToHour } from "@/lib/seals/seal-hash";
import { StatementRefused } from "@/lib/statements/statement-errors";

/**
 * The id the next version row will have, drawn from the table's own
 * sequence: a new statement's first row carries it twice, as its id and as
 * its statement_id, in one insert, so no row is ever written and then changed.
 */
export async function nextStatementRowId(tx: Db): Promise<number> {
  const [row] = rowsOf<{ id: string | number | bigint }>(await tx.execute(sql`select nextval(pg_get_serial_sequence('isp_statements', 'id')) as id`));
  return Number(row!.id);
}

/**
 * Refuses a version whose hour is already sealed. A statement is sealed in
 * the hour it was posted; the seal of an hour is made two minutes after it
 * ends and first waits for statements being written (db/jobs/seal-hours.ts
 * locks isp_statements), so with the clock of the moment this never trips.
 * It catches a `now` from a clock far behind, whose row would otherwise land
 * in a sealed hour and break its seal. Call it after the insert, in the same
 * transaction: the insert's lock is what the seal job waits for.
 */
export async function refuseSealedHour(tx: Db, now: Date): Promise<void> {
  const [sealed] = await tx.select({ hour: seals.hour }).from(seals).where(gte(seals.hour, floorToHour(now))).limit(1);
  if (sealed) throw new StatementRefused("hour_sealed", `the hour of ${now.toISOString()} is already sealed`);
}

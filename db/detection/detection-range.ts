import { isNull, min } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentScopes } from "@/db/schema";
import { QUIET_MARGIN_MS, STEP_MS } from "@/lib/detection/detection-config";


/**
 * The start of a detection run that is to look at [from, to): `from`,
 * widened back to an hour before the start of any episode still going on
 * (never before the data starts), so the run sees every open episode whole,
 * from a quiet start, as a single pass over all the data does. An episode
 * that is over and began before the run's start is kept as stored
 * (db/detection/store-incidents.ts): widening for those too would chain
 * back through every episode that ended near the last one's start, days
 * back on a busy database, every minute.
 */
export async function detectionStart(db: Db, from: number, dataStart: number): Promise<number> {
  const floor = (t: number) => Math.floor(Math.max(t, dataStart) / STEP_MS) * STEP_MS;
  const [ongoing] = await db.select({ t: min(incidentScopes.startedAt) }).from(incidentScopes).where(isNull(incidentScopes.endedAt));
  return floor(ongoing?.t ? Math.min(from, new Date(ongoing.t).getTime() - QUIET_MARGIN_MS) : from);
}

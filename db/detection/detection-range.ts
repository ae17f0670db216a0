import { and, isNull, lt, min, or, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentScopes } from "@/db/schema";
import { HOUR_MS } from "@/lib/detection/baseline";
import { STEP_MS } from "@/lib/detection/detection-config";

/** How much quiet time before a run's start keeps it clear of the episodes that ended before it. */
export const QUIET_MARGIN_MS = HOUR_MS;

/**
 * The start of a detection run that is to look at [from, to): `from`,
 * widened back until no stored episode is still going on or ended less
 * than QUIET_MARGIN_MS before it (never before the data starts). The run
 * then sees each episode it touches whole, from a quiet start, as a single
 * pass over all the data does, and may replace what is stored from there on
 * (db/detection/store-incidents.ts). Each widening moves the start back
 * past an episode's start, so it ends; a long ongoing block makes the run
 * that long.
 */
export async function detectionStart(db: Db, from: number, dataStart: number): Promise<number> {
  const floor = (t: number) => Math.floor(Math.max(t, dataStart) / STEP_MS) * STEP_MS;
  let start = floor(from);
  for (;;) {
    const [row] = await db
      .select({ t: min(incidentScopes.startedAt) })
      .from(incidentScopes)
      .where(and(lt(incidentScopes.startedAt, new Date(start)), or(isNull(incidentScopes.endedAt), gt(incidentScopes.endedAt, new Date(start - QUIET_MARGIN_MS)))));
    if (!row?.t) return start;
    const wider = floor(new Date(row.t).getTime() - QUIET_MARGIN_MS);
    if (wider >= start) return start;
    start = wider;
  }
}

import { eq, isNull, min } from "drizzle-orm";
import type { Db } from "@/db/client";
import { detectScopes } from "@/db/detection/detect-scopes";
import { storeIncidents } from "@/db/detection/store-incidents";
import type { Job } from "@/db/jobs/scheduler";
import { dataStart } from "@/db/queries/rollup-series";
import { incidentScopes, settings } from "@/db/schema";
import { DAY_MS, HOUR_MS } from "@/lib/detection/baseline";
import { STEP_MS, type DetectionConfig } from "@/lib/detection/detection-config";
import { detectionConfig } from "@/lib/detection/detection-settings";
import { env } from "@/lib/env";

/*
 * The detection job: every minute (DETECTION_EVERY_SECONDS), re-detects the
 * last LOOKBACK_MS — and further back to the start of any incident still
 * open — and stores the result (db/detection/store-incidents.ts). The first
 * run on a database backfills up to BACKFILL_MS of its history. Reports may
 * arrive up to 72 hours late; one older than the lookback still counts in
 * every chart, but no longer opens an incident.
 */
export const LOOKBACK_MS = 6 * HOUR_MS;
export const BACKFILL_MS = 14 * DAY_MS;
const ANALYSED_TO = "detection.analysed-to";

/** One detection run at `now` (the job's body; tests call it directly). */
export async function detectIncidents(db: Db, now: Date, config: DetectionConfig = detectionConfig()): Promise<void> {
  const start = await dataStart(db);
  if (start === null) return;
  // Up to the end of the bucket now is in: a partial bucket only undercounts.
  const to = Math.floor(now.getTime() / STEP_MS) * STEP_MS + STEP_MS;
  const [analysed] = await db.select().from(settings).where(eq(settings.key, ANALYSED_TO));
  const [ongoing] = await db.select({ t: min(incidentScopes.startedAt) }).from(incidentScopes).where(isNull(incidentScopes.endedAt));
  let from = analysed ? to - LOOKBACK_MS : Math.max(start, to - BACKFILL_MS);
  if (ongoing?.t) from = Math.min(from, new Date(ongoing.t).getTime() - HOUR_MS);
  from = Math.floor(Math.max(from, start) / STEP_MS) * STEP_MS;

  const found = await detectScopes(db, from, to, start, config);
  await storeIncidents(db, found, from, to);
  await db
    .insert(settings)
    .values({ key: ANALYSED_TO, value: new Date(to).toISOString() })
    .onConflictDoUpdate({ target: settings.key, set: { value: new Date(to).toISOString() } });
}

export const detectIncidentsJob: Job = {
  name: "detect-incidents",
  get everyMs() {
    return env().DETECTION_EVERY_SECONDS * 1000;
  },
  run: (tx, now) => detectIncidents(tx, now),
};

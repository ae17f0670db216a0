import { eq, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { detectionStart } from "@/db/detection/detection-range";
import { detectScopes, type Detection } from "@/db/detection/detect-scopes";
import { storeIncidents } from "@/db/detection/store-incidents";
import type { Job } from "@/db/jobs/scheduler";
import { dataStart } from "@/db/queries/rollup-series";
import { auditLog, settings } from "@/db/schema";
import { BACKFILL_MS, CATCH_UP_STEP_MS, LOOKBACK_MS, STEP_MS, type DetectionConfig } from "@/lib/detection/detection-config";
import { detectionConfig } from "@/lib/detection/detection-settings";
import { env } from "@/lib/env";

/*
 * The detection job: every minute (DETECTION_EVERY_SECONDS), re-detects the
 * last LOOKBACK_MS — widened back over any stored episode it would cut
 * (db/detection/detection-range.ts) — and stores the result
 * (db/detection/store-incidents.ts). The first run on a database backfills
 * up to BACKFILL_MS of its history. Reports may arrive up to 72 hours late;
 * one older than the lookback still counts in every chart, but no longer
 * opens an incident. Stepped minute by minute, the job stores what one pass
 * over the same data stores (`npm run eval:detection -- --live`).
 */
const ANALYSED_TO = "detection.analysed-to";
/** The last run's figures: its range, the scopes it watched and the thin ones it skipped (`settings`, JSON). */
export const LAST_RUN = "detection.last-run";

/**
 * One detection run at `now` (the job's body; tests call it directly). A
 * long range — the first run's backfill, a catch-up after a pause — goes in
 * steps of CATCH_UP_STEP_MS, each detected and stored as the run at its end
 * would have, and each recorded as analysed: so a store transaction holds a
 * day's episodes, not a fortnight's (PGlite has one session, and every page
 * and report waits while a transaction holds it), and a run cut short
 * resumes where it got to: a `stop` (the server stopping) ends the run after
 * the step it is in.
 */
export async function detectIncidents(
  db: Db,
  now: Date,
  { config = detectionConfig(), unchanged, stop }: { config?: DetectionConfig; unchanged?: StoreGuard; stop?: AbortSignal } = {},
): Promise<void> {
  const start = await dataStart(db);
  if (start === null) return;
  // Up to the end of the bucket now is in: a partial bucket only undercounts.
  const to = Math.floor(now.getTime() / STEP_MS) * STEP_MS + STEP_MS;
  // After a pause (a restart, a stopped server), the lookback reaches back over the time not analysed, as far as the backfill.
  const last = (await analysedTo(db)) ?? -Infinity;
  const first = Math.max(to - BACKFILL_MS, Math.min(to - LOOKBACK_MS, last - LOOKBACK_MS));
  // Each step detects from LOOKBACK_MS before the end of the step before it (the first from `first`), as a run at its end would.
  let done = Math.min(to, Math.max(last, first + LOOKBACK_MS));
  for (;;) {
    const stepTo = Math.min(to, done + CATCH_UP_STEP_MS);
    const from = Math.max(first, done - LOOKBACK_MS);
    const run = await redetect(db, from, stepTo, start, config, unchanged);
    // Superseded (see detectIncidentsEmbeddedJob): nothing stored, and the next run looks at this time again.
    if (!run.stored) return;
    await setting(db, ANALYSED_TO, new Date(stepTo).toISOString());
    await setting(db, LAST_RUN, JSON.stringify({ from: new Date(run.from).toISOString(), to: new Date(stepTo).toISOString(), scopes: run.scopes, considered: run.considered, thin: run.thin, episodes: run.episodes.length }));
    if (stepTo >= to || stop?.aborted) return;
    done = stepTo;
  }
}

/**
 * Detects [from, to) again (widened back as detectionStart says) and stores
 * the result. Also what voiding a report calls, so a correction reaches the
 * incidents at once (db/moderation/void-report.ts).
 */
export async function redetect(
  db: Db,
  from: number,
  to: number,
  start: number,
  config: DetectionConfig = detectionConfig(),
  unchanged?: StoreGuard,
): Promise<Detection & { from: number; stored: boolean }> {
  const widened = await detectionStart(db, from, start);
  const found = await detectScopes(db, widened, to, start, config);
  // What is stored changes together or not at all (a savepoint when the caller's transaction holds it already).
  const stored = await db.transaction(async (tx) => {
    if (unchanged && !(await unchanged(tx))) return false;
    await storeIncidents(tx, found.episodes, widened, to);
    return true;
  });
  return { ...found, from: widened, stored };
}

/** Checked in the transaction that stores a run: false when what the run read has changed meanwhile, and it must not store. */
export type StoreGuard = (tx: Db) => Promise<boolean>;

/** Where the job got to: the end of the range its last run looked at (ms), if it ran. */
export async function analysedTo(db: Db): Promise<number | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, ANALYSED_TO));
  return row ? new Date(row.value).getTime() : undefined;
}

const setting = (db: Db, key: string, value: string) =>
  db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });

export const detectIncidentsJob: Job = {
  name: "detect-incidents",
  get everyMs() {
    return env().DETECTION_EVERY_SECONDS * 1000;
  },
  run: (tx, now, stop) => detectIncidents(tx, now, { stop }),
};

/**
 * The same job on the embedded database: its reads run one by one outside a
 * transaction, and only what it stores is one. PGlite has one session, and a
 * run's transaction held it for the run's length (a second a minute on the
 * demo, many on a first run): every page and report waited behind it.
 * There is one process per data folder, so no lock is needed to keep runs apart.
 */
export const detectIncidentsEmbeddedJob: Job = {
  name: detectIncidentsJob.name,
  get everyMs() {
    return detectIncidentsJob.everyMs;
  },
  transaction: false,
  // Voiding a report recounts its incidents at once, in its own transaction
  // (db/moderation/void-report.ts), with an audit entry. One that commits
  // while a run reads would be undone when the run stores what it read
  // before: so a run stores only if no audit entry was written meanwhile,
  // and otherwise leaves the time to the next run.
  run: async (db, now, stop) => detectIncidents(db, now, { unchanged: await noAuditEntrySince(db), stop }),
};

/** A guard that holds while no audit entry (a void, an edit) has been written since it was made. */
export async function noAuditEntrySince(db: Db): Promise<StoreGuard> {
  const last = async (d: Db) => Number((await d.select({ id: max(auditLog.id) }).from(auditLog))[0]?.id ?? 0);
  const before = await last(db);
  return async (tx) => (await last(tx)) === before;
}

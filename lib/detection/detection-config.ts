/*
 * The thresholds of incident detection (lib/detection/episodes.ts). Defaults
 * were chosen by measurement with `npm run eval:detection` (labelled
 * synthetic scenarios; figures in docs/incidents.md); each can be
 * overridden by an environment variable read in lib/env.ts.
 *
 * Counts are of a rolling window of `windowMinutes` (three 5-minute buckets
 * by default) so that a real outage's reports, which arrive a few a minute,
 * add up, while one odd bucket does not open anything on its own.
 */
export type DetectionConfig = {
  /** Length of the rolling window whose count is compared with its baseline, in minutes (a multiple of 5). */
  windowMinutes: number;
  /** The least number of reports in a window for it to count as unusual, however low its baseline. */
  minCount: number;
  /** Widens the baseline's band (upper − typical) for detection: 1 is the band the charts draw. */
  bandScale: number;
  /** The least ratio of a window's count to its typical count: a busy day running 30 % above the usual is not an outage. */
  minRatio: number;
  /** How long windows must stay unusual before an incident opens, in minutes. */
  sustainMinutes: number;
  /** How long windows must stay back within the band before an incident closes, in minutes. */
  quietMinutes: number;
};

export const DEFAULT_DETECTION: DetectionConfig = {
  windowMinutes: 15,
  minCount: 8,
  bandScale: 2.25,
  minRatio: 2,
  sustainMinutes: 10,
  quietMinutes: 30,
};

/** The rollup's bucket: detection steps through time 5 minutes at a time. */
export const STEP_MS = 5 * 60_000;

export const buckets = (minutes: number) => Math.max(1, Math.round((minutes * 60_000) / STEP_MS));

/*
 * The live job's range (db/jobs/detect-incidents.ts, db/detection/detection-range.ts):
 * each run re-detects the last LOOKBACK_MS, widened back to QUIET_MARGIN_MS
 * before the start of any episode still going on; the first run on a
 * database looks back BACKFILL_MS.
 */
export const LOOKBACK_MS = 6 * 3600_000;
export const QUIET_MARGIN_MS = 3600_000;
export const BACKFILL_MS = 14 * 24 * 3600_000;
/**
 * A range longer than a run's usual one (the first run's backfill, a
 * catch-up after a pause) is detected in steps that end this far apart, each
 * stored on its own, as the job stepped through time would have stored them.
 */
export const CATCH_UP_STEP_MS = 24 * 3600_000;

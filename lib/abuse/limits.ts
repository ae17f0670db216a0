import type { Env } from "@/lib/env";

/**
 * The abuse rules' settings (docs/privacy-and-limits.md). Two kinds:
 *
 * - The hard rate limit refuses a request (429). It must be generous: behind
 *   carrier-grade NAT a whole city can share one mobile address, so one client
 *   key may be thousands of people. It only stops a machine from filling the
 *   database.
 * - The counting rules keep every report but decide whether it counts
 *   (lib/abuse/report-status.ts). They keep the charts honest: a handful of
 *   keys cannot make a spike however much they send.
 */
export type AbuseLimits = {
  /** Requests a client key may send per clock minute before 429. */
  perMinute: number;
  /** Requests a client key may send per UTC day before 429. */
  perDay: number;
  /** A second report of the same area and service from the same key within this window counts once. */
  duplicateWindowMs: number;
  /** Counted reports one key can contribute in any hour; past it they are stored as rate_limited. */
  floodPerHour: number;
  /** The same, for one service (a chart's usual subject). */
  floodPerServiceHour: number;
};

export const FLOOD_WINDOW_MS = 3600_000;

export const DEFAULT_LIMITS: AbuseLimits = {
  perMinute: 60,
  perDay: 5000,
  duplicateWindowMs: 30 * 60_000,
  floodPerHour: 6,
  floodPerServiceHour: 3,
};

export function limitsFromEnv(env: Pick<Env, "RATE_LIMIT_PER_MINUTE" | "RATE_LIMIT_PER_DAY" | "DUPLICATE_WINDOW_MINUTES" | "FLOOD_CAP_PER_HOUR" | "FLOOD_CAP_PER_SERVICE_HOUR">): AbuseLimits {
  return {
    perMinute: env.RATE_LIMIT_PER_MINUTE,
    perDay: env.RATE_LIMIT_PER_DAY,
    duplicateWindowMs: env.DUPLICATE_WINDOW_MINUTES * 60_000,
    floodPerHour: env.FLOOD_CAP_PER_HOUR,
    floodPerServiceHour: env.FLOOD_CAP_PER_SERVICE_HOUR,
  };
}

/** How far back the counting rules need to look. */
export const lookbackMs = (limits: AbuseLimits) => Math.max(limits.duplicateWindowMs, FLOOD_WINDOW_MS);

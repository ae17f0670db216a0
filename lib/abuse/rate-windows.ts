import type { AbuseLimits } from "@/lib/abuse/limits";

// Fixed windows for the hard rate limit: a clock minute and a UTC day. Fixed
// windows cost one counter row per key and window, and a burst at a window's
// edge can reach twice the limit — acceptable for a limit whose job is to stop
// a machine filling the database, not to shape honest traffic.

export const RATE_WINDOWS = ["minute", "day"] as const;
export type RateWindow = (typeof RATE_WINDOWS)[number];

const LENGTH_MS: Record<RateWindow, number> = { minute: 60_000, day: 86_400_000 };

export const windowStart = (window: RateWindow, now: Date) => new Date(Math.floor(now.getTime() / LENGTH_MS[window]) * LENGTH_MS[window]);

/** Whole seconds until the window that refused a request ends (at least 1). */
export const retryAfterSeconds = (window: RateWindow, now: Date) =>
  Math.max(1, Math.ceil((windowStart(window, now).getTime() + LENGTH_MS[window] - now.getTime()) / 1000));

export const limitOf = (window: RateWindow, limits: AbuseLimits) => (window === "minute" ? limits.perMinute : limits.perDay);

/**
 * Which of a key's `n` requests in one batch pass, given the window's count
 * after adding all of them: the earliest ones, up to the limit.
 */
export function admitted(hitsAfter: number, n: number, limit: number): boolean[] {
  const before = hitsAfter - n;
  return Array.from({ length: n }, (_, i) => before + i + 1 <= limit);
}

// When a failed delivery is tried again: the Standard Webhooks example
// schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h after each
// failure, about three days in all), with up to 10 % jitter so receivers
// that failed together are not hit together; then the notice is marked
// failed. A receiver's Retry-After is honoured when it is longer.

export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Milliseconds until the next attempt after `attempts` failed ones, or null when there is none left. */
export function nextAttemptIn(attempts: number, retryAfterMs: number | null, random: () => number = Math.random): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const base = RETRY_DELAYS_MS[Math.max(0, attempts - 1)]!;
  return Math.max(Math.round(base * (1 + 0.1 * random())), retryAfterMs ?? 0);
}

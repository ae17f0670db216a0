import { createHash } from "node:crypto";

// How many wrong passwords may be tried, counted in the database
// (db/admin/login-attempts.ts) so the limit holds across app instances.
// Two counters, each over the last 15 minutes, in one-minute steps (a
// sliding window, unlike the report limit's fixed ones: a burst at a
// window's edge must not get twice the tries):
//
// - per client key (the daily HMAC of the address, lib/privacy): one
//   address cannot try more than 5 passwords in 15 minutes, whatever the
//   usernames;
// - per username: 10 in 15 minutes from all addresses together, so many
//   addresses cannot guess one account's password quickly. Higher than the
//   first so that a colleague's typing on a shared office connection does not
//   lock the account's owner out as soon. The price of any per-account limit:
//   someone who knows a username can keep that account locked out; usernames
//   are never shown publicly (the audit log names "moderator-3").
//
// Sign-ins that succeed do not count. Unknown usernames count like known
// ones, so the limit says nothing about which usernames exist.

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const STEP_MS = 60_000;
export const MAX_FAILURES = { client: 5, username: 10 } as const;
export type LoginCounter = keyof typeof MAX_FAILURES;

/** The counter rows' window name in rate_limit_hits (beside the reports' "minute" and "day"). */
export const LOGIN_WINDOW_NAME = "login";

export const stepStart = (now: Date) => new Date(Math.floor(now.getTime() / STEP_MS) * STEP_MS);

/**
 * The counter keys of one sign-in attempt. The username is hashed: people
 * type their password into the username box, and the counters are kept for
 * two days.
 */
export function loginCounterKeys(clientKey: string, username: string): Record<LoginCounter, string> {
  return {
    client: `login-client:${clientKey}`,
    username: `login-user:${createHash("sha256").update(`disruption-watch login v1\n${username}`, "utf8").digest("hex").slice(0, 32)}`,
  };
}

export type Step = { start: Date; hits: number };

/** The steps that still count at `now`: those that began less than a window ago. */
export const inWindow = (steps: readonly Step[], now: Date) => steps.filter((s) => s.start.getTime() > now.getTime() - LOGIN_WINDOW_MS);

/**
 * Whether one more attempt may go ahead, given the steps in the window
 * *including* that attempt's own reservation: allowed while the total is
 * within the limit. When not, how long until enough old failures age out for
 * the next attempt to be allowed (whole seconds, at least 1).
 */
export function loginVerdict(steps: readonly Step[], limit: number, now: Date): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const live = [...inWindow(steps, now)].sort((a, b) => a.start.getTime() - b.start.getTime());
  let total = live.reduce((n, s) => n + s.hits, 0);
  if (total <= limit) return { allowed: true };
  // Without the refused attempt itself, the next one is allowed once the
  // total of the others is below the limit: drop the oldest steps until then.
  total -= 1;
  let until = now.getTime();
  for (const s of live) {
    if (total < limit) break;
    total -= s.hits;
    until = s.start.getTime() + LOGIN_WINDOW_MS;
  }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

import type { Db } from "@/db/client";
import { applyRateLimit } from "@/db/abuse/rate-limit";
import { recentCounted } from "@/db/abuse/recent-counted";
import { lookbackMs, type AbuseLimits } from "@/lib/abuse/limits";
import { judgeReports, type JudgedStatus } from "@/lib/abuse/report-status";
import type { RateLimitedError } from "@/lib/errors";

export type Screened = { status: JudgedStatus } | { refused: RateLimitedError };

/**
 * What happens to each new report of a batch, before anything is inserted,
 * in arrival order: refused by the hard rate limit (429, not stored), or
 * stored as counted, duplicate or rate_limited (the counting rules). Runs
 * inside the batch's transaction, so the counters and the look-back see every
 * committed batch of every instance.
 */
export async function screenBatch(
  tx: Db,
  arrivals: readonly { clientKey: string; area: string; service: string }[],
  limits: AbuseLimits,
  now: Date,
): Promise<Screened[]> {
  const refusals = await applyRateLimit(tx, arrivals.map((a) => a.clientKey), limits, now);
  const passed = arrivals.filter((_, i) => !refusals[i]);
  const earlier = await recentCounted(tx, passed.map((a) => a.clientKey), new Date(now.getTime() - lookbackMs(limits)));
  const statuses = judgeReports(passed.map((a) => ({ ...a, receivedAt: now })), earlier, limits);
  let next = 0;
  return arrivals.map((_, i) => {
    const refused = refusals[i];
    return refused ? { refused } : { status: statuses[next++]! };
  });
}

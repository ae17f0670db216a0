import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { AbuseLimits } from "@/lib/abuse/limits";
import { RATE_WINDOWS, admitted, limitOf, retryAfterSeconds, type RateWindow } from "@/lib/abuse/rate-windows";
import { RateLimitedError } from "@/lib/errors";

/**
 * The hard rate limit for one batch. The batch's statement (screen-batch.ts)
 * has added its requests to each key's minute and day counters (`insert … on
 * conflict do update … returning`, atomic across instances); given each
 * counter after that, the earliest requests of a key pass up to the limit.
 * Refused requests count as hits too, so a machine that keeps sending stays
 * refused until the window ends. Returns, per request in order, null or the
 * 429 to answer, and how many were refused per window.
 */
export function rateVerdicts(
  clientKeys: readonly string[],
  hitsAfter: ReadonlyMap<string, number>,
  limits: AbuseLimits,
  now: Date,
): { answers: (RateLimitedError | null)[]; refused: Map<RateWindow, number> } {
  const perKey = new Map<string, number>();
  for (const k of clientKeys) perKey.set(k, (perKey.get(k) ?? 0) + 1);
  // Per key and window: which of its requests (in arrival order) pass.
  const verdicts = new Map<string, Map<RateWindow, boolean[]>>();
  for (const [k, n] of perKey) {
    verdicts.set(k, new Map(RATE_WINDOWS.map((w) => [w, admitted(hitsAfter.get(`${k}|${w}`) ?? n, n, limitOf(w, limits))])));
  }
  const seen = new Map<string, number>();
  const refused = new Map<RateWindow, number>();
  const answers = clientKeys.map((k) => {
    const i = seen.get(k) ?? 0;
    seen.set(k, i + 1);
    // The longer window speaks first: its Retry-After is the honest one.
    const window = [...RATE_WINDOWS].reverse().find((w) => !verdicts.get(k)!.get(w)![i]);
    if (!window) return null;
    refused.set(window, (refused.get(window) ?? 0) + 1);
    return new RateLimitedError(window, retryAfterSeconds(window, now));
  });
  return { answers, refused };
}

/** Refusals added up per hour and reason, without keys (the filter ledger shows them). */
export async function recordRefusals(tx: Db, refused: ReadonlyMap<RateWindow, number>, now: Date) {
  if (refused.size === 0) return;
  const hour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000).toISOString();
  const reasons = [...refused.keys()].sort();
  await tx.execute(sql`
    insert into refusals (hour, reason, count)
    select ${hour}::timestamptz, r, n from unnest(
      ${sql.param(reasons.map((w) => `rate_limit_${w}`))}::text[], ${sql.param(reasons.map((w) => refused.get(w)!))}::int[]
    ) as u(r, n)
    order by r
    on conflict (hour, reason) do update set count = refusals.count + excluded.count`);
}

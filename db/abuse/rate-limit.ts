import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { AbuseLimits } from "@/lib/abuse/limits";
import { RATE_WINDOWS, admitted, limitOf, retryAfterSeconds, windowStart, type RateWindow } from "@/lib/abuse/rate-windows";
import { RateLimitedError } from "@/lib/errors";

/**
 * The hard rate limit for one batch, inside its transaction: one statement
 * adds the batch's requests to each key's minute and day counters
 * (`insert … on conflict do update … returning`, atomic across instances)
 * and the earliest requests of a key pass up to the limit. Refused requests
 * count as hits too, so a machine that keeps sending stays refused until the
 * window ends. Returns, per request in order, null or the 429 to answer.
 * Refusals are added up per hour and reason, without keys.
 */
export async function applyRateLimit(tx: Db, clientKeys: readonly string[], limits: AbuseLimits, now: Date): Promise<(RateLimitedError | null)[]> {
  if (clientKeys.length === 0) return [];
  const perKey = new Map<string, number>();
  for (const k of clientKeys) perKey.set(k, (perKey.get(k) ?? 0) + 1);
  // Sorted so concurrent batches lock counter rows in the same order.
  const keys = [...perKey.keys()].sort();
  const rows = keys.flatMap((k) => RATE_WINDOWS.map((w) => ({ k, w, start: windowStart(w, now).toISOString(), n: perKey.get(k)! })));
  const result = await tx.execute(sql`
    insert into rate_limit_hits (client_key, "window", window_start, hits)
    select k, w, s::timestamptz, n from unnest(
      ${sql.param(rows.map((r) => r.k))}::text[], ${sql.param(rows.map((r) => r.w))}::text[],
      ${sql.param(rows.map((r) => r.start))}::text[], ${sql.param(rows.map((r) => r.n))}::int[]
    ) as u(k, w, s, n)
    order by k, w
    on conflict (client_key, "window", window_start) do update set hits = rate_limit_hits.hits + excluded.hits
    returning client_key as "clientKey", "window", hits`);
  const after = new Map(rowsOf<{ clientKey: string; window: RateWindow; hits: number }>(result).map((r) => [`${r.clientKey}|${r.window}`, Number(r.hits)]));

  // Per key and window: which of its requests (in arrival order) pass.
  const verdicts = new Map<string, Map<RateWindow, boolean[]>>();
  for (const [k, n] of perKey) {
    verdicts.set(k, new Map(RATE_WINDOWS.map((w) => [w, admitted(after.get(`${k}|${w}`) ?? n, n, limitOf(w, limits))])));
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
  if (refused.size > 0) await recordRefusals(tx, refused, now);
  return answers;
}

async function recordRefusals(tx: Db, refused: Map<RateWindow, number>, now: Date) {
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

import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { LOGIN_WINDOW_MS, LOGIN_WINDOW_NAME, stepStart, type Step } from "@/lib/admin/login-limits";

// Sign-in attempts counted in `rate_limit_hits` (the table of the report
// limits, db/abuse/rate-limit.ts), one row per counter key and minute, so the
// counts are shared by every app instance and pruned with the others after
// two days (db/jobs/prune-rate-limits.ts). An attempt is *reserved* before the
// password is checked — one statement adds it and reads the window — so ten
// attempts sent at once cannot all slip in before the first failure is
// written; a reservation is taken back when the attempt succeeds or is
// refused, so only wrong passwords stay counted.

/**
 * Adds one attempt to each key's current minute and returns, per key, the
 * minutes of the last window with their counts. The current minute's count
 * is the one this attempt's own upsert returned — its place in line — so of
 * attempts sent at once exactly the first ones within the limit go ahead.
 */
export async function reserveAttempt(db: Db, keys: readonly string[], now: Date): Promise<Map<string, Step[]>> {
  const start = stepStart(now);
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const sorted = [...new Set(keys)].sort();
  // Sorted so concurrent attempts lock the counter rows in the same order.
  const current = await db.execute(sql`
    insert into rate_limit_hits (client_key, "window", window_start, hits)
    select k, ${LOGIN_WINDOW_NAME}, ${start.toISOString()}::timestamptz, 1 from unnest(${sql.param(sorted)}::text[]) as u(k)
    order by k
    on conflict (client_key, "window", window_start) do update set hits = rate_limit_hits.hits + 1
    returning client_key as "key", hits`);
  const earlier = await db.execute(sql`
    select client_key as "key", (extract(epoch from window_start) * 1000)::float8 as "startMs", hits from rate_limit_hits
    where client_key = any(${sql.param(sorted)}::text[]) and "window" = ${LOGIN_WINDOW_NAME}
      and window_start > ${since}::timestamptz and window_start < ${start.toISOString()}::timestamptz`);
  const out = new Map<string, Step[]>(sorted.map((k) => [k, []]));
  for (const r of rowsOf<{ key: string; startMs: number; hits: number }>(earlier)) {
    out.get(r.key)?.push({ start: new Date(Number(r.startMs)), hits: Number(r.hits) });
  }
  for (const r of rowsOf<{ key: string; hits: number }>(current)) out.get(r.key)?.push({ start, hits: Number(r.hits) });
  return out;
}

/** Takes back the attempt reserved at `reservedAt` (the same minute rows). */
export async function releaseAttempt(db: Db, keys: readonly string[], reservedAt: Date): Promise<void> {
  const start = stepStart(reservedAt).toISOString();
  await db.execute(sql`
    update rate_limit_hits set hits = greatest(hits - 1, 0)
    where client_key = any(${sql.param([...new Set(keys)].sort())}::text[]) and "window" = ${LOGIN_WINDOW_NAME} and window_start = ${start}::timestamptz`);
}

import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { rateVerdicts, recordRefusals } from "@/db/abuse/rate-limit";
import { lookbackMs, type AbuseLimits } from "@/lib/abuse/limits";
import { RATE_WINDOWS, windowStart, type RateWindow } from "@/lib/abuse/rate-windows";
import { judgeReports, type Counted, type JudgedStatus } from "@/lib/abuse/report-status";
import type { RateLimitedError } from "@/lib/errors";
import type { ReportStatus } from "@/lib/reports/vocabulary";

export type Screened = { status: JudgedStatus } | { refused: RateLimitedError };
export type StoredReport = { id: number; receivedAt: Date; status: ReportStatus };
export type Request = { key: string; clientKey: string; area: string; service: string };

/**
 * What happens to each request of a batch, before anything is inserted, in
 * arrival order:
 *
 * - its clientReportId was stored before: answered with that report, neither
 *   limited nor judged again (the offline queue may resend it often);
 * - refused by the hard rate limit (429, not stored);
 * - or stored as counted, duplicate or rate_limited (the counting rules).
 *
 * One statement does the database's part (ingest throughput is a round trip
 * per statement, bench/ingest.ts): it looks up the stored keys, adds the new
 * requests to their keys' rate counters, and reads back the counters and the
 * look-back over the keys' counted reports. It runs inside the batch's
 * transaction, so the counters and the look-back see every committed batch of
 * every instance. `requests` must not repeat a key.
 */
export async function screenBatch(
  tx: Db,
  requests: readonly Request[],
  limits: AbuseLimits,
  now: Date,
): Promise<{ stored: Map<string, StoredReport>; screened: Map<string, Screened> }> {
  if (requests.length === 0) return { stored: new Map(), screened: new Map() };
  const keys = sql.param(requests.map((r) => r.key));
  // One client key per request (unnest pairs them by position), and each
  // client once for the look-back.
  const requestClients = sql.param(requests.map((r) => r.clientKey));
  const clientKeys = sql.param([...new Set(requests.map((r) => r.clientKey))]);
  const windows = RATE_WINDOWS.map((w) => ({ w, start: windowStart(w, now).toISOString() }));
  const result = await tx.execute(sql`
    with request as (
      select * from unnest(${keys}::uuid[], ${requestClients}::text[]) as u(key, client_key)
    ),
    -- Arrays compared with "= any", not subqueries: the plans must use the
    -- indexes whatever the statistics say (PGlite never analyses by itself).
    stored as (
      select id, idempotency_key as key, received_at, status from reports
      where idempotency_key = any(${keys}::uuid[])
    ),
    arrival as (
      select client_key, count(*)::int as n from request
      where key not in (select key from stored)
      group by client_key
    ),
    hits as (
      insert into rate_limit_hits (client_key, "window", window_start, hits)
      select a.client_key, w.name, w.start::timestamptz, a.n
      from arrival a cross join unnest(${sql.param(windows.map((w) => w.w))}::text[], ${sql.param(windows.map((w) => w.start))}::text[]) as w(name, start)
      -- sorted, so concurrent batches lock counter rows in the same order
      order by 1, 2
      on conflict (client_key, "window", window_start) do update set hits = rate_limit_hits.hits + excluded.hits
      returning client_key, "window", hits
    ),
    -- The keys' counted reports, of the replays' keys too (unused, and rare).
    -- The status is written as a literal so the plan uses the partial index
    -- reports_client_counted_idx: a few rows per key.
    earlier as (
      select client_key, area, service, received_at from reports
      where client_key = any(${clientKeys}::text[])
        and received_at >= ${new Date(now.getTime() - lookbackMs(limits)).toISOString()}::timestamptz
        and status = 'counted'
    )
    select
      (select coalesce(json_agg(json_build_array(key, id, extract(epoch from received_at) * 1000, status)), '[]') from stored) as stored,
      (select coalesce(json_agg(json_build_array(client_key, "window", hits)), '[]') from hits) as hits,
      (select coalesce(json_agg(json_build_array(client_key, area, service, extract(epoch from received_at) * 1000)), '[]') from earlier) as earlier`);
  const [row] = rowsOf<{
    stored: [key: string, id: number, receivedAtMs: number, status: ReportStatus][];
    hits: [clientKey: string, window: RateWindow, hits: number][];
    earlier: [clientKey: string, area: string, service: string, receivedAtMs: number][];
  }>(result);
  if (!row) throw new Error("screening statement returned no row");

  const stored = new Map(row.stored.map(([key, id, ms, status]) => [key, { id: Number(id), receivedAt: new Date(Number(ms)), status }]));
  const arrivals = requests.filter((r) => !stored.has(r.key));
  const hitsAfter = new Map(row.hits.map(([k, w, n]) => [`${k}|${w}`, Number(n)]));
  const { answers, refused } = rateVerdicts(arrivals.map((a) => a.clientKey), hitsAfter, limits, now);
  await recordRefusals(tx, refused, now);

  const passed = arrivals.filter((_, i) => !answers[i]);
  const earlier: Counted[] = row.earlier.map(([clientKey, area, service, ms]) => ({ clientKey, area, service, receivedAt: new Date(Number(ms)) }));
  const statuses = judgeReports(passed.map((a) => ({ ...a, receivedAt: now })), earlier, limits);
  const screened = new Map<string, Screened>();
  let next = 0;
  arrivals.forEach((a, i) => {
    const denied = answers[i];
    screened.set(a.key, denied ? { refused: denied } : { status: statuses[next++]! });
  });
  return { stored, screened };
}

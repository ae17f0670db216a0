import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { Job } from "@/db/jobs/scheduler";
import { storeSignals } from "@/db/signals/store";
import type { Env } from "@/lib/env";
import { errorMessage, log } from "@/lib/ops/log";
import { cloudflare } from "@/lib/signals/cloudflare";
import { backoffMs, fetchSource, SourceHttpError } from "@/lib/signals/fetch-source";
import { ioda } from "@/lib/signals/ioda";
import { ooni } from "@/lib/signals/ooni";
import { SignalShapeError, type Signal, type SignalSource, type SourceClient, type SourceOptions } from "@/lib/signals/types";

// The importers of measured signals, one job per source (docs/signals.md).
// A run fetches what is missing since the source's cursor (and the last two
// hours again: sources revise recent data), a window of the source's
// longest span at a time, pacing requests by its rate limit. A window is
// stored in one transaction with the cursor moved to its end, only when
// every request in it succeeded; on an HTTP error (429, 5xx, a timeout) the
// run stops, nothing of that window is stored, and the source backs off
// (exponentially, at least its Retry-After) before the next run resumes
// from the cursor. A response of an unknown shape is logged and skipped.
//
// The network is slow and PGlite has one session, so a run is not one
// transaction: it runs outside the scheduler's transaction (`transaction:
// false`) and keeps other instances out with a lease in `settings`.

export const SIGNALS_EVERY_MS = 15 * 60_000;
/** How far back a source's first run looks. */
export const FIRST_LOOKBACK_MS = 7 * 86_400_000;
/** Recent data a source may still revise: fetched again on every run. */
export const OVERLAP_MS = 2 * 3600_000;
const LEASE_MS = 30 * 60_000;
/** Requests one run may make; a long catch-up goes on at the next run. */
export const MAX_REQUESTS_PER_RUN = 60;

export type ImportOptions = SourceOptions & {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Pause between requests; the source's rate limit unless given (tests). */
  minIntervalMs?: number;
  maxRequests?: number;
};

export type ImportState = { cursor: string | null; failures: number; retryAt: string | null; lastError: string | null };
export type ImportRun =
  | { outcome: "skipped"; reason: "busy" | "backing-off" }
  | { outcome: "done" | "partial"; windows: number; stored: number; skippedResponses: number; cursor: string }
  | { outcome: "failed"; error: string; retryAt: string; stored: number; cursor: string | null };

export const stateKey = (source: SignalSource) => `signals:${source}:state`;
const leaseKey = (source: SignalSource) => `signals:${source}:lease`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function readImportState(db: Db, source: SignalSource): Promise<ImportState> {
  const [row] = rowsOf<{ value: string }>(await db.execute(sql`select value from settings where key = ${stateKey(source)}`));
  return row ? (JSON.parse(row.value) as ImportState) : { cursor: null, failures: 0, retryAt: null, lastError: null };
}

async function writeState(db: Db, source: SignalSource, state: ImportState): Promise<void> {
  await db.execute(sql`
    insert into settings (key, value, updated_at) values (${stateKey(source)}, ${JSON.stringify(state)}, now())
    on conflict (key) do update set value = excluded.value, updated_at = now()`);
}

/** Takes the source's lease unless another run holds one that has not expired. */
async function takeLease(db: Db, source: SignalSource, now: Date): Promise<boolean> {
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const taken = rowsOf<{ key: string }>(
    await db.execute(sql`
      insert into settings (key, value, updated_at) values (${leaseKey(source)}, ${until}, now())
      on conflict (key) do update set value = excluded.value, updated_at = now()
      where settings.value::timestamptz <= ${now.toISOString()}::timestamptz
      returning key`),
  );
  return taken.length === 1;
}

const releaseLease = (db: Db, source: SignalSource, now: Date) =>
  db.execute(sql`update settings set value = ${now.toISOString()} where key = ${leaseKey(source)}`);

/**
 * One run of a source's importer over [cursor − overlap, now), or over
 * [from, to) when given (a backfill: the cursor moves only forward).
 */
export async function importSignals(db: Db, client: SourceClient, options: ImportOptions, now: Date, range?: { from: Date; to: Date }): Promise<ImportRun> {
  const source = client.source;
  if (!(await takeLease(db, source, now))) return { outcome: "skipped", reason: "busy" };
  try {
    const state = await readImportState(db, source);
    if (!range && state.retryAt && new Date(state.retryAt) > now) return { outcome: "skipped", reason: "backing-off" };
    const end = range?.to ?? now;
    let from = range?.from ?? (state.cursor ? new Date(new Date(state.cursor).getTime() - OVERLAP_MS) : new Date(now.getTime() - FIRST_LOOKBACK_MS));
    const pause = options.minIntervalMs ?? client.minIntervalMs;
    const budget = options.maxRequests ?? MAX_REQUESTS_PER_RUN;
    let requests = 0;
    let windows = 0;
    let stored = 0;
    let skippedResponses = 0;
    let cursor = state.cursor;
    while (from < end) {
      const to = new Date(Math.min(from.getTime() + client.maxSpanMs, end.getTime()));
      const planned = client.requests(from, to, options);
      if (requests > 0 && requests + planned.length > budget) break;
      const rows: Signal[] = [];
      for (const request of planned) {
        if (requests++ > 0 && pause > 0) await sleep(pause);
        try {
          rows.push(...(await fetchSource(client, request, { timeoutMs: options.timeoutMs, fetch: options.fetch })).signals);
        } catch (error) {
          if (error instanceof SignalShapeError) {
            skippedResponses++;
            log().warn({ job: `import-signals-${source}`, url: request.url, err: error.issues.slice(0, 300) }, "signal response of an unknown shape skipped");
            continue;
          }
          const failures = state.failures + 1;
          const retryAt = new Date(now.getTime() + backoffMs(failures, error instanceof SourceHttpError ? error.retryAfterMs : null)).toISOString();
          await writeState(db, source, { ...state, cursor, failures, retryAt, lastError: errorMessage(error).slice(0, 300) });
          return { outcome: "failed", error: errorMessage(error), retryAt, stored, cursor };
        }
      }
      const moved = !range || !cursor || to.toISOString() > cursor ? to.toISOString() : cursor;
      await db.transaction(async (tx) => {
        await storeSignals(tx, rows, now);
        await writeState(tx, source, { cursor: moved, failures: 0, retryAt: null, lastError: null });
      });
      cursor = moved;
      stored += rows.length;
      windows++;
      from = to;
    }
    return { outcome: from < end ? "partial" : "done", windows, stored, skippedResponses, cursor: cursor ?? end.toISOString() };
  } finally {
    await releaseLease(db, source, now);
  }
}

const CLIENTS: Record<SignalSource, SourceClient> = { ioda, cloudflare, ooni };

/** The sources this deployment imports, with their options: IODA and OONI when switched on, Cloudflare with its token. */
export function enabledSources(e: Env): { client: SourceClient; options: ImportOptions }[] {
  const out: { client: SourceClient; options: ImportOptions }[] = [];
  if (e.SIGNALS_IODA) out.push({ client: CLIENTS.ioda, options: { baseUrl: e.IODA_API_URL } });
  if (e.CLOUDFLARE_RADAR_TOKEN) out.push({ client: CLIENTS.cloudflare, options: { baseUrl: e.CLOUDFLARE_API_URL, token: e.CLOUDFLARE_RADAR_TOKEN } });
  if (e.SIGNALS_OONI) out.push({ client: CLIENTS.ooni, options: { baseUrl: e.OONI_API_URL } });
  return out;
}

/** One scheduled job per enabled source (`pacing`: a test's shorter pauses and timeouts; the sources' own otherwise). */
export function signalJobs(e: Env, pacing: Pick<ImportOptions, "minIntervalMs" | "timeoutMs"> = {}): Job[] {
  return enabledSources(e).map(({ client, options: own }) => ({
    name: `import-signals-${client.source}`,
    everyMs: SIGNALS_EVERY_MS,
    transaction: false as const,
    run: async (db: Db, now: Date) => {
      const run = await importSignals(db, client, { ...own, ...pacing }, now);
      if (run.outcome === "failed") log().warn({ job: `import-signals-${client.source}`, err: run.error, retryAt: run.retryAt }, "signals import failed; backing off");
      else log().debug({ job: `import-signals-${client.source}`, ...run }, "signals imported");
    },
  }));
}

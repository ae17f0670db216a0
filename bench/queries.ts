import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { register } from "node:module";
import { performance } from "node:perf_hooks";
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import pg from "pg";
import { bootDatabase } from "@/db/boot";
import { bulkInsertReports, rebuildRollup, type BulkReport } from "@/db/bulk-load";
import type { DatabaseConfig, DatabaseHandle, Db } from "@/db/client";
import { reportCounts, reports, settings } from "@/db/schema";
import { DAY, HOUR, MINUTE, SLOT, diurnal, weekly } from "@/db/seed/demo-rhythm";
import { commentFor } from "@/db/seed/demo-scenario";
import { backgroundService, buildModel, problemPicker, source } from "@/db/seed/demo-weights";
import {
  baselinesForSeries,
  computeBaseline,
  DAY_MS,
  FALLBACK_DAYS,
  HOUR_MS,
  mergeRanges,
  sampleRanges,
  WEEKS,
  WEEK_MS,
} from "@/lib/detection/baseline";
import type { Filters } from "@/lib/filters";
import { randomUint32, seededRandom, weightedPicker, type Random } from "@/lib/random";
import { DISTRICTS, expandAreas, ISPS } from "@/lib/reference";
import { BUCKETS, floorToBucket, ROLLUP_BUCKET_MS, type Bucket } from "@/lib/reports/buckets";
import type { Connection, Problem } from "@/lib/reports/vocabulary";

// npx tsx bench/queries.ts [--pg-rows 10000000] [--pglite-rows 2000000] [--runs 30]
//                          [--skip-pg] [--skip-pglite] [--keep] [--raw-budget 10] [--rollup-budget 30]
//   for trying things out: [--only "timeline 1d,status"] [--no-raw] [--pg-options "-c jit=off"]
//                          [--status-minutes 60] [--seed N] [--keep-indexes]
//
// The read side at scale: loads N synthetic reports over the last 60 days
// (time-of-day rhythm, big districts, mobile operators and a few services
// dominant, outage spikes) with the bulk loader, rebuilds the rollup, then
// measures p50/p95 of the real timeline, breakdown and status queries (which
// read `report_counts`) against the same answers computed by a plain GROUP BY
// over the raw `reports` table, and checks both agree.
//
// PostgreSQL: database `dw_bench_queries` next to BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test). PGlite: a temporary folder, or
// ./data-bench-queries with --keep. With --keep both stay for the next run,
// which reuses them when their row count matches and skips the load; without
// it both are removed at the end (a kept database reused by a run without
// --keep is removed too).
//
// Loading: bulkInsertReports (two connections on PostgreSQL, each writing
// its own slice of the 60 days) with the secondary indexes dropped and built
// afterwards, then rebuildRollup, VACUUM ANALYZE.
//
// Raw queries over millions of rows take seconds; each raw case stops after
// --raw-budget seconds (at least 5 runs), a rollup case far over its goal
// after --rollup-budget seconds (at least 10), so the run stays near 20 minutes.
// --pg-options passes session settings to the measuring pool (libpq
// `options`), e.g. to compare with JIT off; --only picks cases by label.

// ---------------------------------------------------------------------------
// The query modules import "server-only" (a guard that throws outside React
// Server Components); resolve it to an empty module for this script.
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : n(s, c); }`,
    ),
);
const { getTimeline, bucketStarts } = await import("@/db/queries/timeline");
const { getBreakdown } = await import("@/db/queries/breakdown");
const statusModule = await import("@/db/queries/status").catch(() => undefined);

// ---------------------------------------------------------------------------
// Arguments

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const str = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
};
const num = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name}: expected a number, got ${argv[i + 1]}`);
  return v;
};
const PG_ROWS = Math.floor(num("pg-rows", 10_000_000));
const PGLITE_ROWS = Math.floor(num("pglite-rows", 2_000_000));
const RUNS = Math.max(1, Math.floor(num("runs", 30)));
const WARMUPS = 3;
const RAW_BUDGET_MS = num("raw-budget", 10) * 1000;
const NO_RAW = flag("no-raw");
/** getStatuses' windowMinutes (the app uses the default, 60). */
const STATUS_MINUTES = num("status-minutes", 60);
const STATUS_LABEL = `last ${STATUS_MINUTES >= 60 ? `${STATUS_MINUTES / 60} h` : `${STATUS_MINUTES} min`}*`;
/** Only the cases whose "query window filters" label contains one of these (comma-separated). */
const ONLY = str("only")?.split(",").map((s) => s.trim()).filter(Boolean);
/** Session settings for the measuring pool, e.g. "-c jit=off" (libpq `options`). */
const PG_OPTIONS = str("pg-options");
const RAW_MIN_RUNS = 5;
// A rollup query far over its goal (seconds per run) stops after this long,
// with at least ROLLUP_MIN_RUNS runs; one within its goal always gets all runs.
const ROLLUP_BUDGET_MS = num("rollup-budget", 30) * 1000;
const ROLLUP_MIN_RUNS = 10;
const KEEP = flag("keep");
const SEED = Math.floor(num("seed", 60_2024));
const PG_BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PG_DB_NAME = "dw_bench_queries";
const PGLITE_KEEP_DIR = path.resolve("data-bench-queries");
const TIME_ZONE = "Asia/Karachi"; // the app's DISPLAY_TIME_ZONE default
const DAYS = 60;
const SETTING_KEY = "bench:queries";
/** Drop secondary indexes for the load and build them afterwards (--keep-indexes: don't). */
const DROP_INDEXES = !flag("keep-indexes");

// Goals (PostgreSQL at 10 M rows): p95 of the rollup answer.
const GOAL_MS: Record<string, number> = { "24 h": 50, "30 d": 250 };

// ---------------------------------------------------------------------------
// The synthetic dataset

type Stream = {
  name: string;
  /** Relative volume at time t (national background at the diurnal peak ≈ 1.5). */
  weight: (t: number) => number;
  draw: (random: Random, row: Partial<BulkReport>) => void;
};

const ISP_KIND = new Map(ISPS.map((i) => [i.slug, i.kind]));
const connectionOf = (isp: string, random: Random): Connection => {
  const kind = ISP_KIND.get(isp);
  if (kind === "mobile") return "mobile";
  if (kind === "both") return random() < 0.5 ? "mobile" : "fixed";
  return "fixed";
};
const districtsOf = (province: string) => DISTRICTS.filter((d) => d.parent === province).map((d) => d.slug);

/** A smooth bump: 0 outside [start, end], 1 in the middle, ramps of `ramp` ms. */
const bump = (t: number, start: number, end: number, ramp: number) => {
  if (t <= start || t >= end) return 0;
  return Math.min(1, (t - start) / ramp, (end - t) / ramp);
};

function streams(anchor: number, random: Random): Stream[] {
  const model = buildModel();
  const dayNoise = new Map<number, number>();
  const noise = (t: number) => {
    const d = Math.floor(t / DAY);
    let n = dayNoise.get(d);
    if (n === undefined) dayNoise.set(d, (n = 0.85 + 0.3 * random()));
    return n;
  };
  const background: Stream = {
    name: "background",
    weight: (t) => diurnal(t) * weekly(t) * noise(t),
    draw: (r, row) => {
      const area = model.background.area(r);
      const isp = model.background.isp.get(area)!(r);
      const service = backgroundService(r);
      Object.assign(row, { area, isp, connection: connectionOf(isp, r), service, problem: problemPicker(service)(r) });
    },
  };

  const mobileIsp = weightedPicker([["jazz", 27], ["zong", 18], ["telenor", 16], ["ufone", 9]] as const);
  const social = weightedPicker([["whatsapp", 40], ["youtube", 24], ["facebook", 19], ["instagram", 17]] as const);
  const mediaProblem = weightedPicker<Problem>([["media_fails", 55], ["slow", 31], ["no_connection", 8], ["calls_fail", 6]]);
  const bigCities = weightedPicker(
    [
      ["karachi-central", 3], ["karachi-east", 3], ["karachi-south", 3], ["karachi-west", 2], ["karachi-korangi", 2], ["karachi-malir", 2],
      ["lahore", 6], ["islamabad", 4], ["rawalpindi", 2], ["faisalabad", 1], ["peshawar", 1],
    ] as const,
  );
  const balochistan = districtsOf("balochistan");
  const sindh = districtsOf("sindh");
  const anyOf = (xs: string[]) => (r: Random) => xs[Math.floor(r() * xs.length)]!;
  const balochistanArea = anyOf(balochistan);
  const sindhArea = anyOf(sindh);

  // Social media throttled on mobile in the big cities around midday, on
  // several days, one of them today (so "last 24 h" and status see a spike).
  const middayDays = [52, 47, 45, 44, 30, 12, 3, 0];
  const middayStart = (daysAgo: number) => {
    const day = Math.floor((anchor - daysAgo * DAY) / DAY) * DAY;
    return day + 6 * HOUR + Math.floor(random() * 3) * HOUR; // 11:00–13:00 PKT
  };
  const midday = middayDays.map((d) => {
    let s = middayStart(d);
    if (s > anchor - 2 * HOUR) s = anchor - 4 * HOUR; // today's: ongoing, started 4 h ago
    return { start: s, end: s + (3 + Math.floor(random() * 4)) * HOUR, intensity: 1.2 + random() * 1.8 };
  });
  const throttling: Stream = {
    name: "throttling",
    weight: (t) => midday.reduce((w, e) => Math.max(w, e.intensity * bump(t, e.start, e.end, 45 * MINUTE)), 0),
    draw: (r, row) => {
      const service = social(r);
      let problem = mediaProblem(r);
      if (problem === "calls_fail" && service !== "whatsapp") problem = "media_fails";
      Object.assign(row, { area: bigCities(r), isp: mobileIsp(r), connection: "mobile", service, problem });
    },
  };

  // A mobile-data shutdown in Balochistan for a day and a half, 20 days ago.
  const shutdownStart = anchor - 20 * DAY;
  const shutdown: Stream = {
    name: "shutdown",
    weight: (t) => 0.8 * bump(t, shutdownStart, shutdownStart + 36 * HOUR, 2 * HOUR) * (0.4 + diurnal(t) / 2),
    draw: (r, row) => {
      const isp = mobileIsp(r);
      Object.assign(row, { area: balochistanArea(r), isp, connection: "mobile", service: r() < 0.7 ? "internet" : "whatsapp", problem: "no_connection" });
    },
  };

  // A PTCL fibre cut in Sindh for 6 hours, 9 days ago.
  const cutStart = anchor - 9 * DAY + 3 * HOUR;
  const cut: Stream = {
    name: "fibre-cut",
    weight: (t) => 1.1 * bump(t, cutStart, cutStart + 6 * HOUR, 20 * MINUTE),
    draw: (r, row) => {
      Object.assign(row, { area: sindhArea(r), isp: "ptcl", connection: "fixed", service: r() < 0.8 ? "internet" : "youtube", problem: r() < 0.7 ? "no_connection" : "slow" });
    },
  };

  // VPNs blocked nationally for the last 8 days (a step up, then flat-ish).
  const vpnStart = anchor - 8 * DAY;
  const vpn: Stream = {
    name: "vpn",
    weight: (t) => (t < vpnStart ? 0 : 0.25 * Math.min(1, (t - vpnStart) / (4 * HOUR)) * (0.45 + 0.55 * diurnal(t))),
    draw: (r, row) => {
      background.draw(r, row);
      Object.assign(row, { service: r() < 0.92 ? "vpn" : "tor-psiphon", problem: r() < 0.86 ? "vpn_blocked" : "slow" });
    },
  };
  return [background, throttling, shutdown, cut, vpn];
}

const HEX = "0123456789abcdef";
const hex8 = (random: Random) => randomUint32(random).toString(16).padStart(8, "0");
function uuid(random: Random): string {
  const a = hex8(random);
  const b = hex8(random);
  const c = hex8(random);
  const d = hex8(random);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${HEX[(parseInt(c[0]!, 16) & 3) | 8]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

type Plan = { anchor: number; start: number; slots: number; counts: Int32Array[]; streams: Stream[] };

/** How many reports each stream gets in each 5-minute slot: exactly `rows` in all. */
function plan(rows: number, anchor: number, seed: number): Plan {
  const random = seededRandom(seed);
  const s = streams(anchor, random);
  const start = anchor - DAYS * DAY;
  const slots = (DAYS * DAY) / SLOT;
  const weights = s.map((stream) => {
    const w = new Float64Array(slots);
    for (let i = 0; i < slots; i++) w[i] = stream.weight(start + i * SLOT + SLOT / 2);
    return w;
  });
  const total = weights.reduce((n, w) => n + w.reduce((a, b) => a + b, 0), 0);
  // Cumulative rounding over (slot, stream): sums to exactly `rows`.
  const counts = s.map(() => new Int32Array(slots));
  let cumulative = 0;
  let emitted = 0;
  for (let i = 0; i < slots; i++) {
    for (let k = 0; k < s.length; k++) {
      cumulative += weights[k]![i]!;
      const upTo = Math.round((rows * cumulative) / total);
      counts[k]![i] = upTo - emitted;
      emitted = upTo;
    }
  }
  return { anchor, start, slots, counts, streams: s };
}

/** The reports of slots [from, to) of the plan, oldest slot first. */
function* generate(p: Plan, fromSlot: number, toSlot: number, seed: number): Generator<BulkReport> {
  const random = seededRandom(seed);
  const districts = new Map(DISTRICTS.map((d) => [d.slug, d]));
  const keysByDay = new Map<number, string[]>();
  for (let i = fromSlot; i < toSlot; i++) {
    const slotStart = p.start + i * SLOT;
    for (let k = 0; k < p.streams.length; k++) {
      const n = p.counts[k]![i]!;
      const stream = p.streams[k]!;
      for (let j = 0; j < n; j++) {
        const observed = slotStart + Math.floor(random() * (SLOT / 1000)) * 1000;
        const received = Math.min(observed + Math.floor(random() * 20 * MINUTE), p.anchor);
        // Each UTC day of receipt has its own reporters (the real key is an
        // HMAC with the day's secret); a few keen ones send many.
        const day = Math.floor(received / DAY);
        let keys = keysByDay.get(day);
        if (!keys) {
          keys = Array.from({ length: 20_000 }, () => hex8(random) + hex8(random) + hex8(random) + hex8(random));
          keysByDay.set(day, keys);
          keysByDay.delete(day - 2);
        }
        const row = {} as BulkReport;
        stream.draw(random, row);
        let cellLat: number | null = null;
        let cellLon: number | null = null;
        if (random() < 0.15) {
          const d = districts.get(row.area)!;
          cellLat = Math.round((d.lat + (random() - 0.5) * 0.06) * 100) / 100;
          cellLon = Math.round((d.lon + (random() - 0.5) * 0.06) * 100) / 100;
        }
        row.receivedAt = new Date(received);
        row.observedAt = new Date(observed);
        row.cellLat = cellLat;
        row.cellLon = cellLon;
        row.speedKbps = random() < 0.1 ? Math.max(1, Math.round(800 * Math.exp(normalish(random)))) : null;
        row.comment = random() < 0.02 ? commentFor(random, row.service, row.problem) : null;
        row.viaVpn = random() < 0.15 ? random() < 0.3 : null;
        row.source = source(random);
        row.clientKey = keys[Math.floor(keys.length * random() ** 1.6)]!;
        row.idempotencyKey = uuid(random);
        yield row;
      }
    }
  }
}
const normalish = (random: Random) => random() + random() + random() - 1.5;

// ---------------------------------------------------------------------------
// Databases

type Target = {
  name: "PostgreSQL" | "PGlite";
  rows: number;
  open: () => Promise<DatabaseHandle>;
  /** Where it lives, for the report. */
  where: string;
  /** Removes it (unless --keep). */
  dispose: () => Promise<void>;
  /** Session settings to make a bulk load faster (PostgreSQL only). */
  loadConfig?: DatabaseConfig;
  loadConcurrency: number;
};

async function admin(text: string) {
  const client = new pg.Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function postgresTarget(rows: number): Promise<Target | undefined> {
  try {
    const found = await admin(`select 1 from pg_database where datname = '${PG_DB_NAME}'`);
    if (found.rowCount === 0) await admin(`create database ${PG_DB_NAME}`);
  } catch (error) {
    console.warn(`PostgreSQL at ${PG_BASE_URL} not reachable (${(error as Error).message}); skipping it.`);
    return undefined;
  }
  const url = new URL(PG_BASE_URL);
  url.pathname = `/${PG_DB_NAME}`;
  const measureUrl = new URL(url);
  if (PG_OPTIONS) measureUrl.searchParams.set("options", PG_OPTIONS);
  // For the load only: room for the rollup's GROUP BY and the index builds.
  const loadUrl = new URL(url);
  loadUrl.searchParams.set("options", "-c work_mem=256MB -c maintenance_work_mem=1GB -c synchronous_commit=off -c enable_hashagg=off");
  return {
    name: "PostgreSQL",
    rows,
    where: `database ${PG_DB_NAME} at ${url.host}`,
    // The app's pool size (DB_POOL_SIZE default).
    open: () => bootDatabase({ kind: "postgres", url: measureUrl.toString(), poolSize: 10 }),
    loadConfig: { kind: "postgres", url: loadUrl.toString(), poolSize: 4 },
    loadConcurrency: 2,
    dispose: async () => {
      if (!KEEP) await admin(`drop database if exists ${PG_DB_NAME} with (force)`);
    },
  };
}

function pgliteTarget(rows: number): Target {
  // A kept folder is reused (and, without --keep, removed afterwards like the PostgreSQL database).
  const dir = KEEP || fs.existsSync(PGLITE_KEEP_DIR) ? PGLITE_KEEP_DIR : fs.mkdtempSync(path.join(os.tmpdir(), "dw-bench-queries-"));
  return {
    name: "PGlite",
    rows,
    where: dir,
    open: () => bootDatabase({ kind: "pglite", dataDir: dir }),
    loadConcurrency: 1,
    dispose: async () => {
      if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Dataset = { rows: number; anchor: number; seed: number };

async function readDataset(db: Db): Promise<Dataset | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTING_KEY));
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as Dataset;
  } catch {
    return undefined;
  }
}

const count = async (db: Db, q: SQL) => Number((await rowsOf<{ n: string | number }>(db, q))[0]?.n ?? 0);

/** The dataset in the database if it is complete and of the requested size, else a fresh load. */
async function ensureLoaded(target: Target): Promise<Dataset & { reused: boolean }> {
  const handle = await target.open();
  try {
    const db = handle.db;
    const existing = await readDataset(db);
    if (existing && existing.rows === target.rows) {
      const n = await count(db, sql`select count(*) as n from reports`);
      const rolled = await count(db, sql`select coalesce(sum(count), 0) as n from report_counts`);
      const hourly = await count(db, sql`select coalesce(sum(count), 0) as n from report_counts_hourly where dims = 0`);
      if (n === target.rows && rolled === target.rows && hourly === target.rows) {
        console.log(`${target.name}: reusing the loaded ${fmt(n)} reports (${target.where}), anchor ${new Date(existing.anchor).toISOString()}`);
        await db.execute(sql`analyze`);
        return { ...existing, reused: true };
      }
    }
    await db.execute(sql`delete from settings where key = ${SETTING_KEY}`);
    await db.execute(sql`truncate reports, report_counts, report_counts_hourly restart identity`);
  } finally {
    await handle.close();
  }
  return { ...(await load(target)), reused: false };
}

async function load(target: Target): Promise<Dataset> {
  const anchor = Math.floor(Date.now() / 1000) * 1000;
  const seed = SEED;
  console.log(`${target.name}: loading ${fmt(target.rows)} reports over ${DAYS} days …`);
  const t0 = performance.now();
  const p = plan(target.rows, anchor, seed);
  const handle = target.loadConfig ? await bootDatabase(target.loadConfig) : await target.open();
  try {
    const db = handle.db;
    // Secondary indexes (not the primary keys) are built once after the load
    // instead of being updated row by row.
    const droppedReports = DROP_INDEXES ? await dropSecondaryIndexes(db, "reports") : [];
    const droppedRollup = DROP_INDEXES ? [...(await dropSecondaryIndexes(db, "report_counts")), ...(await dropSecondaryIndexes(db, "report_counts_hourly"))] : [];
    let inserted = 0;
    let lastLog = performance.now();
    const progress = (n: number) => {
      inserted += n;
      const now = performance.now();
      if (now - lastLog > 15_000) {
        lastLog = now;
        console.log(`  … ${fmt(inserted)} rows, ${fmt(Math.round(inserted / ((now - t0) / 1000)))} rows/s`);
      }
    };
    // Split the 60 days into consecutive slices, one per connection, so
    // generating one chunk overlaps with the database writing another.
    const parts = target.loadConcurrency;
    const slices = Array.from({ length: parts }, (_, i) => [Math.floor((p.slots * i) / parts), Math.floor((p.slots * (i + 1)) / parts)] as const);
    await Promise.all(
      slices.map(async ([from, to], i) => {
        const rows = counting(generate(p, from, to, seed * 31 + i), 20_000, progress);
        await bulkInsertReports(db, rows);
      }),
    );
    const tInsert = performance.now();
    for (const ddl of droppedReports) await db.execute(sql.raw(ddl));
    const tIndex = performance.now();
    // Live ingest writes the rollup in time order; rebuildRollup's GROUP BY,
    // left to a hash aggregate, writes it in no order, and then every window
    // reads pages scattered over the whole table (measured at 10 M reports:
    // 53k pages instead of 3k for 24 h; the breakdown 3–5× slower). A sort
    // aggregate emits the groups in primary-key order, so the table comes out
    // in bucket order, as the live one is, and the key is built in order
    // (PostgreSQL 10 M: 83 s instead of 205 s + 71 s for CLUSTER afterwards).
    // PostgreSQL: set for the load pool's connections (loadConfig options).
    if (handle.kind === "pglite") await db.execute(sql`set enable_hashagg = off`);
    await rebuildRollup(db);
    if (handle.kind === "pglite") await db.execute(sql`reset enable_hashagg`);
    for (const ddl of droppedRollup) await db.execute(sql.raw(ddl));
    const tRollup = performance.now();
    await db.execute(sql`vacuum analyze reports`);
    await db.execute(sql`vacuum analyze report_counts`);
    await db.execute(sql`vacuum analyze report_counts_hourly`);
    // Should the planner ever pick another plan: put the rollup in order.
    const [corr] = await rowsOf<{ c: number | null }>(db, sql`select correlation as c from pg_stats where tablename = 'report_counts' and attname = 'bucket'`);
    let clustered = "";
    if (corr?.c !== null && corr?.c !== undefined && Number(corr.c) < 0.95) {
      const c0 = performance.now();
      await db.execute(sql.raw(`cluster report_counts using "${await primaryKeyIndex(db, "report_counts")}"`));
      await db.execute(sql`analyze report_counts`);
      clustered = `, cluster rollup (correlation was ${Number(corr.c).toFixed(2)}) ${((performance.now() - c0) / 1000).toFixed(1)} s`;
    }
    const tAnalyze = performance.now();
    const dataset: Dataset = { rows: target.rows, anchor, seed };
    await db
      .insert(settings)
      .values({ key: SETTING_KEY, value: JSON.stringify(dataset) })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(dataset), updatedAt: sql`now()` } });
    const s = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
    const total = (tAnalyze - t0) / 1000;
    const line =
      `${fmt(inserted)} reports in ${total.toFixed(1)} s = ${fmt(Math.round(target.rows / total))} rows/s overall ` +
      `(generate + insert ${s(t0, tInsert)} s = ${fmt(Math.round(target.rows / ((tInsert - t0) / 1000)))} rows/s` +
      (droppedReports.length ? `, build ${droppedReports.length} indexes ${s(tInsert, tIndex)} s` : "") +
      `, rebuildRollup ${s(tIndex, tRollup)} s, vacuum analyze ${s(tRollup, tAnalyze)} s${clustered})`;
    console.log(`${target.name}: loaded ${line}`);
    LOAD_LINES.push(`${target.name}: ${line}`);
    return dataset;
  } finally {
    await handle.close();
  }
}

function* counting<T>(rows: Iterable<T>, every: number, report: (n: number) => void): Generator<T> {
  let n = 0;
  for (const row of rows) {
    yield row;
    if (++n === every) {
      report(n);
      n = 0;
    }
  }
  report(n);
}

/** Drops the indexes of `table` other than its primary key; returns the DDL that re-creates them. */
async function dropSecondaryIndexes(db: Db, table: string): Promise<string[]> {
  const defs = await rowsOf<{ name: string; def: string }>(
    db,
    sql`select c.relname as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = ${table}::regclass and not i.indisprimary`,
  );
  for (const d of defs) await db.execute(sql.raw(`drop index "${d.name}"`));
  return defs.map((d) => d.def);
}

async function primaryKeyIndex(db: Db, table: string): Promise<string> {
  const [row] = await rowsOf<{ name: string }>(
    db,
    sql`select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = ${table}::regclass and i.indisprimary`,
  );
  if (!row) throw new Error(`${table} has no primary key`);
  return row.name;
}

async function rowsOf<T>(db: Db, q: SQL): Promise<T[]> {
  const result = (await db.execute(q)) as unknown as { rows: T[] };
  return result.rows;
}

// ---------------------------------------------------------------------------
// The cases

type FilterSet = { label: string; apply: Partial<Filters> };
const FILTER_SETS: FilterSet[] = [
  { label: "none", apply: {} },
  { label: "isp=zong, connection=mobile", apply: { isps: ["zong"], connections: ["mobile"] } },
  { label: "area=sindh", apply: { areas: ["sindh"] } },
];
const WINDOWS = [
  { label: "24 h", ms: DAY_MS, bucket: "1h" as Bucket },
  { label: "30 d", ms: 30 * DAY_MS, bucket: "1d" as Bucket },
];

const filtersFor = (set: FilterSet, from: Date, to: Date): Filters => ({
  from,
  to,
  areas: [],
  isps: [],
  services: [],
  connections: [],
  problems: [],
  ...set.apply,
});

/** A comparable answer: keys → numbers, compared exactly. */
type Answer = Map<string, number>;

type Case = {
  query: string;
  window: string;
  filters: string;
  goal: number;
  rollup: () => Promise<Answer>;
  raw: () => Promise<Answer>;
};

const ceil5 = (ms: number) => Math.ceil(ms / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/**
 * The raw equivalent of the rollup's window conditions: a rollup row of
 * bucket b = floor5(observed_at) has b >= a exactly when observed_at >=
 * ceil5(a), and b < z exactly when observed_at < ceil5(z).
 */
function rawWhere(f: Filters, ranges: readonly (readonly [number, number])[] = []): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    sql`${reports.status} = 'counted'`,
    sql`${reports.observedAt} >= ${at(floorToBucket(f.from).getTime())}`,
    sql`${reports.observedAt} < ${at(ceil5(f.to.getTime()))}`,
  ];
  if (ranges.length) {
    conditions.push(or(...ranges.map(([a, z]) => sql`(${reports.observedAt} >= ${at(ceil5(a))} and ${reports.observedAt} < ${at(ceil5(z))})`)));
  }
  if (f.areas.length) conditions.push(inArray(reports.area, expandAreas(f.areas)));
  if (f.isps.length) conditions.push(inArray(reports.isp, f.isps));
  if (f.services.length) conditions.push(inArray(reports.service, f.services));
  if (f.connections.length) conditions.push(inArray(reports.connection, f.connections));
  if (f.problems.length) conditions.push(inArray(reports.problem, f.problems));
  return and(...conditions);
}

/** The first 5-minute bucket with a counted report (the raw side's dataStart). */
async function rawDataStart(db: Db): Promise<number | null> {
  const [row] = await rowsOf<{ t: number | null }>(
    db,
    sql`select (extract(epoch from min(observed_at)) * 1000)::float8 as t from reports where status = 'counted'`,
  );
  return row?.t === null || row?.t === undefined ? null : floorToBucket(new Date(Number(row.t))).getTime();
}

function timelineCase(db: Db, f: Filters, bucket: Bucket): { rollup: () => Promise<Answer>; raw: () => Promise<Answer> } {
  const rollup = async () => {
    const t = await getTimeline(db, f, bucket, { timeZone: TIME_ZONE });
    const out: Answer = new Map();
    let total = 0;
    for (const p of t.series[0]?.points ?? []) {
      out.set(`count@${p.t}`, p.count);
      total += p.count;
    }
    for (const b of t.baseline) {
      out.set(`expected@${b.t}`, b.expected);
      out.set(`upper@${b.t}`, b.upper ?? -1);
    }
    out.set("total", total);
    return out;
  };
  // The same buckets getTimeline reads (the window and its baseline samples),
  // counted straight from the reports.
  const raw = async () => {
    const starts = bucketStarts(f.from, f.to, bucket, TIME_ZONE);
    const targets = starts.map((s) => s.getTime());
    const first = targets[0]!;
    const bucketMs = bucket === "1d" ? DAY_MS : BUCKETS[bucket];
    let daysBefore: ((t: number, days: number) => number | undefined) | undefined;
    if (bucket === "1d") {
      const days = [...bucketStarts(new Date(first - WEEKS * WEEK_MS), new Date(first), bucket, TIME_ZONE).map((d) => d.getTime()), ...targets];
      const index = new Map(days.map((t, i) => [t, i]));
      daysBefore = (t, d) => {
        const i = index.get(t);
        return i === undefined ? undefined : days[i - d];
      };
    }
    const samples = sampleRanges({ targets, bucketMs, daysBefore, slackMs: bucket === "1d" ? HOUR_MS : 0 });
    const ranges = mergeRanges([...samples, [first, f.to.getTime()]]);
    const bucketExpr =
      bucket === "1d"
        ? sql`date_trunc('day', ${reports.observedAt}, ${TIME_ZONE})`
        : sql`date_bin(${`${BUCKETS[bucket] / 60_000} minutes`}::interval, ${reports.observedAt}, timestamptz '2000-01-01T00:00:00Z')`;
    const [rows, start] = await Promise.all([
      rowsOf<{ t: string | Date; n: number }>(
        db,
        sql`select ${bucketExpr} as t, count(*)::int as n from ${reports}
            where ${rawWhere({ ...f, from: new Date(ranges[0]![0]) }, ranges)} group by 1`,
      ),
      rawDataStart(db),
    ]);
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(new Date(r.t).getTime(), Number(r.n));
    const out: Answer = new Map();
    let total = 0;
    for (const s of starts) {
      const n = counts.get(s.getTime()) ?? 0;
      out.set(`count@${s.toISOString()}`, n);
      total += n;
    }
    for (const b of baselinesForSeries({ counts, bucketMs, dataStart: start, targets, daysBefore })) {
      out.set(`expected@${new Date(b.t).toISOString()}`, b.expected);
      out.set(`upper@${new Date(b.t).toISOString()}`, b.upper ?? -1);
    }
    out.set("total", total);
    return out;
  };
  return { rollup, raw };
}

function breakdownCase(db: Db, f: Filters): { rollup: () => Promise<Answer>; raw: () => Promise<Answer> } {
  const toAnswer = (rows: { key: string; count: number }[]) => {
    const out: Answer = new Map(rows.map((r) => [r.key, r.count]));
    out.set("total", rows.reduce((n, r) => n + r.count, 0));
    return out;
  };
  return {
    rollup: async () => toAnswer(await getBreakdown(db, f, "service")),
    raw: async () => {
      const rows = await rowsOf<{ key: string; n: number; total: string }>(
        db,
        sql`select ${reports.service}::text as key, count(*)::int as n, (sum(count(*)) over ())::bigint as total
            from ${reports} where ${rawWhere(f)} group by 1 order by 2 desc, 1 limit 100`,
      );
      return toAnswer(rows.map((r) => ({ key: r.key, count: Number(r.n) })));
    },
  };
}

function statusCase(db: Db, f: Filters, windowMinutes: number): { rollup: () => Promise<Answer>; raw: () => Promise<Answer> } {
  const toAnswer = (rows: { key: string; current: number; expected: number; upper: number | null }[]) => {
    const out: Answer = new Map();
    let total = 0;
    for (const r of rows) {
      out.set(`current:${r.key}`, r.current);
      out.set(`expected:${r.key}`, r.expected);
      out.set(`upper:${r.key}`, r.upper ?? -1);
      total += r.current;
    }
    out.set("total", total);
    return out;
  };
  const now = f.to.getTime();
  return {
    rollup: async () => toAnswer(await statusModule!.getStatuses(db, f, "service", { now: f.to, windowMinutes })),
    // The current window and the same window 1–4 weeks and 1–6 days back,
    // as getStatuses reads them, counted straight from the reports.
    raw: async () => {
      const from = floorToBucket(new Date(now - windowMinutes * 60_000)).getTime();
      const offsets = [0, ...Array.from({ length: WEEKS }, (_, i) => (i + 1) * WEEK_MS), ...Array.from({ length: FALLBACK_DAYS }, (_, i) => (i + 1) * DAY_MS)];
      const windows = offsets.map((off) => [from - off, now - off] as const);
      const inWindow = ([a, z]: readonly [number, number]) => sql`(${reports.observedAt} >= ${at(ceil5(a))} and ${reports.observedAt} < ${at(ceil5(z))})`;
      const which = sql.join(windows.map((w, i) => sql`when ${inWindow(w)} then ${sql.raw(String(i))}`), sql` `);
      const oldest = Math.min(...windows.map((w) => w[0]));
      const [rows, start] = await Promise.all([
        rowsOf<{ key: string; w: number; n: number }>(
          db,
          sql`select ${reports.service}::text as key, case ${which} end as w, count(*)::int as n from ${reports}
              where ${rawWhere({ ...f, from: new Date(oldest), to: new Date(now) }, windows)} group by 1, 2`,
        ),
        rawDataStart(db),
      ]);
      const perKey = new Map<string, number[]>();
      for (const r of rows) {
        const counts = perKey.get(r.key) ?? new Array<number>(windows.length).fill(0);
        counts[Number(r.w)] = Number(r.n);
        perKey.set(r.key, counts);
      }
      const history = (counts: number[], i: number) => (start !== null && windows[i]![1] > start ? counts[i] : undefined);
      const out: { key: string; current: number; expected: number; upper: number | null }[] = [];
      for (const [key, counts] of perKey) {
        const b = computeBaseline({
          weekly: Array.from({ length: WEEKS }, (_, i) => history(counts, 1 + i)),
          daily: Array.from({ length: FALLBACK_DAYS }, (_, i) => history(counts, 1 + WEEKS + i)),
        });
        const current = counts[0] ?? 0;
        if (current <= 0 && b.expected <= 0) continue;
        out.push({ key, current, expected: b.expected, upper: b.upper });
      }
      return toAnswer(out);
    },
  };
}

function casesFor(db: Db, now: Date): Case[] {
  const out: Case[] = [];
  for (const w of WINDOWS) {
    for (const set of FILTER_SETS) {
      const f = filtersFor(set, new Date(now.getTime() - w.ms), now);
      const base = { window: w.label, filters: set.label, goal: GOAL_MS[w.label]! };
      out.push({ query: `timeline ${w.bucket}`, ...base, ...timelineCase(db, f, w.bucket) });
      out.push({ query: "breakdown service", ...base, ...breakdownCase(db, f) });
    }
  }
  if (statusModule) {
    // Status ignores the filters' window (only its end, "now", counts): it
    // compares the last STATUS_MINUTES with the same window 1–4 weeks and 1–6
    // days back, so 24 h and 30 d views run the same query — measured once.
    for (const set of FILTER_SETS) {
      const f = filtersFor(set, new Date(now.getTime() - DAY_MS), now);
      out.push({ query: "status service", window: STATUS_LABEL, filters: set.label, goal: GOAL_MS["24 h"]!, ...statusCase(db, f, STATUS_MINUTES) });
    }
  } else {
    console.warn("db/queries/status.ts not found: status not measured");
  }
  return out.filter((c) => !ONLY || ONLY.some((o) => `${c.query} ${c.window} ${c.filters}`.includes(o)));
}

// ---------------------------------------------------------------------------
// Measuring

type Row = {
  db: string;
  query: string;
  window: string;
  filters: string;
  goal: number;
  rollup: { p50: number; p95: number; n: number };
  raw: { p50: number; p95: number; n: number };
  mismatch?: string;
};

function percentile(sorted: number[], p: number): number {
  // Nearest rank: p95 of 30 runs is the 29th fastest.
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

async function time(fn: () => Promise<Answer>, runs: number, budgetMs = Infinity, minRuns = runs) {
  let first: Answer | undefined;
  const warming = performance.now();
  for (let i = 0; i < WARMUPS; i++) {
    const a = await fn();
    first ??= a;
    // Fewer warm-ups for a query that takes seconds (the raw side at scale).
    if (performance.now() - warming > budgetMs / 4) break;
  }
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    if (times.length >= minRuns && performance.now() - started > budgetMs) break;
  }
  times.sort((a, b) => a - b);
  return { answer: first!, p50: percentile(times, 50), p95: percentile(times, 95), n: times.length };
}

function compare(a: Answer, b: Answer): string | undefined {
  const diffs: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (x === undefined || y === undefined || Math.abs(x - y) > 1e-9) diffs.push(`${k}: rollup ${x ?? "—"} vs raw ${y ?? "—"}`);
  }
  if (diffs.length === 0) return undefined;
  return `${diffs.length} differences, e.g. ${diffs.slice(0, 3).join("; ")}`;
}

async function measure(target: Target, dataset: Dataset): Promise<Row[]> {
  const handle = await target.open();
  try {
    const db = handle.db;
    // "Now" is when the data ends, on the app's 10-second step.
    const now = new Date(Math.ceil(dataset.anchor / 10_000) * 10_000);
    await describe(db, target);
    const rows: Row[] = [];
    for (const c of casesFor(db, now)) {
      const r = await time(c.rollup, RUNS, ROLLUP_BUDGET_MS, Math.min(RUNS, ROLLUP_MIN_RUNS));
      const w = NO_RAW ? { answer: r.answer, p50: NaN, p95: NaN, n: 0 } : await time(c.raw, RUNS, RAW_BUDGET_MS, Math.min(RUNS, RAW_MIN_RUNS));
      const mismatch = NO_RAW ? undefined : compare(r.answer, w.answer);
      const row: Row = { db: `${target.name} ${short(target.rows)}`, query: c.query, window: c.window, filters: c.filters, goal: c.goal, rollup: r, raw: w, mismatch };
      rows.push(row);
      console.log(
        `  ${row.db} | ${c.query} | ${c.window} | ${c.filters}: rollup p50 ${ms(r.p50)} p95 ${ms(r.p95)} | raw p50 ${ms(w.p50)} p95 ${ms(w.p95)} (n=${w.n}) | total ${r.answer.get("total")}` +
          (mismatch ? `\n  !!! MISMATCH between rollup and raw: ${mismatch}` : ""),
      );
    }
    return rows;
  } finally {
    await handle.close();
  }
}

/** Sizes, and the settings that matter for these queries. */
async function describe(db: Db, target: Target) {
  const n = await count(db, sql`select count(*) as n from ${reportCounts}`);
  const reportsCount = await count(db, sql`select count(*) as n from ${reports}`);
  const size = async (rel: string) => {
    const [r] = await rowsOf<{ s: string }>(db, sql`select pg_size_pretty(pg_total_relation_size(${rel})) as s`);
    return r?.s ?? "?";
  };
  const line =
    `${target.name}: ${fmt(reportsCount)} reports (${await size("reports")}), ${fmt(n)} rollup rows (${await size("report_counts")}; ` +
    `${(reportsCount / Math.max(n, 1)).toFixed(2)} reports per row), ` +
    `${fmt(await count(db, sql`select count(*) as n from report_counts_hourly`))} hourly rollup rows (${await size("report_counts_hourly")})`;
  let settingsLine = "";
  if (target.name === "PostgreSQL") {
    const show = async (name: string) => (await rowsOf<Record<string, string>>(db, sql.raw(`show ${name}`)))[0]?.[name] ?? "?";
    settingsLine = `  server: ${await show("server_version")}, jit=${await show("jit")}, shared_buffers=${await show("shared_buffers")}, work_mem=${await show("work_mem")}, max_parallel_workers_per_gather=${await show("max_parallel_workers_per_gather")}`;
  }
  console.log(line + (settingsLine ? `\n${settingsLine}` : ""));
  SIZE_LINES.push(line + (settingsLine ? `\n${settingsLine}` : ""));
}

// ---------------------------------------------------------------------------
// Output

const LOAD_LINES: string[] = [];
const SIZE_LINES: string[] = [];
const fmt = (n: number) => n.toLocaleString("en-US");
const short = (n: number) => (n >= 1e6 ? `${+(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : String(n));
const ms = (x: number) => (Number.isNaN(x) ? "—" : x >= 100 ? x.toFixed(0) : x.toFixed(1));

function printTable(rows: Row[]) {
  console.log(`\n## Read queries: rollup vs plain GROUP BY over raw reports\n`);
  console.log(
    `${process.platform}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${RUNS} runs after ${WARMUPS} warm-ups, times in ms; ` +
      `a case stops early after ${ROLLUP_BUDGET_MS / 1000} s (rollup, at least ${ROLLUP_MIN_RUNS} runs) or ${RAW_BUDGET_MS / 1000} s (raw, at least ${RAW_MIN_RUNS} runs): n = runs then` +
      (PG_OPTIONS ? `; PostgreSQL session options: ${PG_OPTIONS}` : "") +
      `\n`,
  );
  for (const l of LOAD_LINES) console.log(`- load ${l}`);
  for (const l of SIZE_LINES) console.log(`- ${l.replace(/\n\s*/g, "; ")}`);
  console.log("");
  console.log("| db | query | window | filters | rollup p50 | rollup p95 | raw p50 | raw p95 | raw/rollup (p95) | goal met? |");
  console.log("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of rows) {
    const isPg = r.db.startsWith("PostgreSQL");
    const goal = isPg ? (r.rollup.p95 <= r.goal ? `yes (≤ ${r.goal})` : `**no** (> ${r.goal})`) : "n/a";
    const rawN = r.raw.n > 0 && r.raw.n < RUNS ? ` (n=${r.raw.n})` : "";
    const rollupN = r.rollup.n < RUNS ? ` (n=${r.rollup.n})` : "";
    const ratio = r.raw.n > 0 ? `${(r.raw.p95 / r.rollup.p95).toFixed(1)}×` : "—";
    console.log(
      `| ${r.db} | ${r.query} | ${r.window} | ${r.filters} | ${ms(r.rollup.p50)} | ${ms(r.rollup.p95)}${rollupN} | ${ms(r.raw.p50)} | ${ms(r.raw.p95)}${rawN} | ${ratio} | ${goal}${r.mismatch ? " — **MISMATCH**" : ""} |`,
    );
  }
  const bad = rows.filter((r) => r.mismatch);
  if (bad.length) {
    console.log(`\n!!! ${bad.length} case(s) where rollup and raw answers differ:`);
    for (const r of bad) console.log(`!!! ${r.db} ${r.query} ${r.window} ${r.filters}: ${r.mismatch}`);
    process.exitCode = 1;
  } else {
    console.log(NO_RAW ? `\n(--no-raw: raw side not measured, answers not compared)` : `\nRollup and raw answers agree in every case (every bucket, baseline, breakdown row and status).`);
  }
  if (rows.some((r) => r.query.startsWith("status"))) {
    console.log(
      `\n* getStatuses ignores the filters' window (only its end, "now"): it compares the last ${STATUS_MINUTES} min (windowMinutes, the app's default 60) ` +
        `with the same window 1–4 weeks and 1–6 days back, so the 24 h and 30 d views run the same query; measured once, against the 24 h goal.`,
    );
  }
}

// ---------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const targets: Target[] = [];
  if (!flag("skip-pg")) {
    const t = await postgresTarget(PG_ROWS);
    if (t) targets.push(t);
  }
  if (!flag("skip-pglite")) targets.push(pgliteTarget(PGLITE_ROWS));
  const rows: Row[] = [];
  for (const target of targets) {
    try {
      const dataset = await ensureLoaded(target);
      if (dataset.reused) LOAD_LINES.push(`${target.name}: reused the kept ${fmt(target.rows)} reports (no load)`);
      rows.push(...(await measure(target, dataset)));
    } finally {
      await target.dispose();
      console.log(KEEP ? `${target.name}: kept at ${target.where}` : `${target.name}: removed ${target.where}`);
    }
  }
  printTable(rows);
  console.log(`\nTotal run time ${((performance.now() - started) / 60_000).toFixed(1)} min.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { eq, sql, type SQL } from "drizzle-orm";
import pg from "pg";
import { bootDatabase } from "@/db/boot";
import { bulkInsertReports, rebuildRollup } from "@/db/bulk-load";
import type { DatabaseConfig, DatabaseHandle, Db } from "@/db/client";
import { settings } from "@/db/schema";
import { generate, plan } from "@/bench/queries/dataset";
import {
  DAYS,
  DROP_INDEXES,
  KEEP,
  PG_BASE_URL,
  PG_DB_NAME,
  PG_OPTIONS,
  PGLITE_KEEP_DIR,
  SEED,
  SETTING_KEY,
} from "@/bench/queries/options";

// The databases measured (PostgreSQL, PGlite): creating and removing them,
// and loading the synthetic dataset into them — or reusing a kept one.

export type Target = {
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

export async function postgresTarget(rows: number): Promise<Target | undefined> {
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

export function pgliteTarget(rows: number): Target {
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

export type Dataset = { rows: number; anchor: number; seed: number };

async function readDataset(db: Db): Promise<Dataset | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTING_KEY));
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as Dataset;
  } catch {
    return undefined;
  }
}

export const count = async (db: Db, q: SQL) => Number((await rowsOf<{ n: string | number }>(db, q))[0]?.n ?? 0);

/** The dataset in the database if it is complete and of the requested size, else a fresh load. */
export async function ensureLoaded(target: Target): Promise<Dataset & { reused: boolean }> {
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
    // Cascade: the audit log and incidents refer to reports; a benchmark database holds no others worth keeping.
    await db.execute(sql`truncate reports, report_counts, report_counts_hourly, report_totals, rollup_pending restart identity cascade`);
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

export async function rowsOf<T>(db: Db, q: SQL): Promise<T[]> {
  const result = (await db.execute(q)) as unknown as { rows: T[] };
  return result.rows;
}

/** One line per load, for the report. */
export const LOAD_LINES: string[] = [];
export const fmt = (n: number) => n.toLocaleString("en-US");

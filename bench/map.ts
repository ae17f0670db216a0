import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { register } from "node:module";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import pg from "pg";
import { bootDatabase } from "@/db/boot";
import { bulkInsertReports, rebuildRollup, type BulkReport } from "@/db/bulk-load";
import type { DatabaseConfig, Db } from "@/db/client";
import { DAY, diurnal } from "@/lib/time/demo-rhythm";
import { backgroundService, buildModel, problemPicker, source } from "@/db/seed/demo-weights";
import { coarsen } from "@/lib/geo/coarsen";
import type { Filters } from "@/lib/filters";
import { normal, randomUuid, seededRandom } from "@/lib/random";
import { ISPS } from "@/lib/reference";
import type { Connection } from "@/lib/reports/vocabulary";

// npx tsx bench/map.ts [--pg-rows 10000000] [--pglite-rows 1000000] [--runs 20] [--skip-pg] [--skip-pglite] [--keep]
//
// The map's read queries at scale (db/queries/map.ts): loads N synthetic
// reports over 60 days (ordinary complaints of the demo's model: big
// districts report more; 15 % carry a coarse cell near their district's
// centre) with the bulk loader, rebuilds the rollup, and prints p50/p95 and
// the JSON size of the answer for the province and district choropleths and
// the heat layer's cells, over the last 24 hours and the last 30 days.
// PostgreSQL: database `dw_bench_map` next to BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test); PGlite: a temporary folder. With
// --keep both stay and are reused by the next run with the same row count.

register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : n(s, c); }`,
    ),
);
const { getMapAreas, getMapCells } = await import("@/db/queries/map");

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const num = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  const v = i < 0 ? fallback : Number(argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name}: expected a number`);
  return Math.floor(v);
};
const PG_ROWS = num("pg-rows", 10_000_000);
const PGLITE_ROWS = num("pglite-rows", 1_000_000);
const RUNS = Math.max(1, num("runs", 20));
const KEEP = flag("keep");
const DAYS = 60;
const PG_BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PG_DB_NAME = "dw_bench_map";
const SETTING_KEY = "bench:map";

// ---------------------------------------------------------------------------
// The dataset

const ISP_KIND = new Map(ISPS.map((i) => [i.slug, i.kind]));

function* reportsOver(rows: number, anchor: number, seed: number): Generator<BulkReport> {
  const random = seededRandom(seed);
  const model = buildModel();
  const start = anchor - DAYS * DAY;
  for (let n = 0; n < rows; ) {
    const t = start + Math.floor(random() * DAYS * DAY);
    // Rejection sampling on the day's rhythm (diurnal peaks near 1.5).
    if (random() * 1.6 > diurnal(t)) continue;
    n++;
    const area = model.background.area(random);
    const isp = model.background.isp.get(area)!(random);
    const kind = ISP_KIND.get(isp);
    const connection: Connection = kind === "mobile" ? "mobile" : kind === "both" && random() < 0.5 ? "mobile" : "fixed";
    const service = backgroundService(random);
    let cell: { lat: number; lon: number } | undefined;
    if (random() < 0.15) {
      const d = model.districtByslug.get(area)!;
      cell = coarsen({ lat: d.lat + 0.12 * normal(random), lon: d.lon + 0.12 * normal(random) });
    }
    yield {
      observedAt: new Date(t),
      receivedAt: new Date(Math.min(t + Math.floor(random() * 600_000), anchor)),
      area,
      isp,
      service,
      connection,
      problem: problemPicker(service)(random),
      cellLat: cell?.lat ?? null,
      cellLon: cell?.lon ?? null,
      source: source(random),
      clientKey: "bench",
      idempotencyKey: randomUuid(random),
    };
  }
}

// ---------------------------------------------------------------------------
// Databases

type Target = { name: string; rows: number; config: DatabaseConfig; dispose: () => Promise<void> };

async function admin(text: string) {
  const client = new pg.Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function postgresTarget(): Promise<Target | undefined> {
  try {
    const found = await admin(`select 1 from pg_database where datname = '${PG_DB_NAME}'`);
    if (found.rowCount === 0) await admin(`create database ${PG_DB_NAME}`);
  } catch (error) {
    console.warn(`PostgreSQL at ${PG_BASE_URL} not reachable (${(error as Error).message}); skipping it.`);
    return undefined;
  }
  const url = new URL(PG_BASE_URL);
  url.pathname = `/${PG_DB_NAME}`;
  return {
    name: "PostgreSQL",
    rows: PG_ROWS,
    config: { kind: "postgres", url: url.toString(), poolSize: 10 },
    dispose: async () => {
      if (!KEEP) await admin(`drop database if exists ${PG_DB_NAME} with (force)`);
    },
  };
}

function pgliteTarget(): Target {
  const keepDir = path.resolve("data-bench-map");
  const dir = KEEP || fs.existsSync(keepDir) ? keepDir : fs.mkdtempSync(path.join(os.tmpdir(), "dw-bench-map-"));
  return {
    name: "PGlite",
    rows: PGLITE_ROWS,
    config: { kind: "pglite", dataDir: dir },
    dispose: async () => {
      if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const scalar = async (db: Db, q: ReturnType<typeof sql>) => {
  const result = (await db.execute(q)) as unknown as { rows: Record<string, unknown>[] };
  return Object.values(result.rows[0] ?? {})[0];
};

/** The anchor ("now") of the loaded dataset, loading it first when it is missing or of another size. */
async function ensureLoaded(db: Db, target: Target): Promise<number> {
  const kept = (await scalar(db, sql`select value from settings where key = ${SETTING_KEY}`)) as string | undefined;
  if (kept) {
    const { rows, anchor } = JSON.parse(kept) as { rows: number; anchor: number };
    if (rows === target.rows && Number(await scalar(db, sql`select count(*) from reports`)) === rows) {
      console.log(`${target.name}: reusing ${rows.toLocaleString("en-US")} reports`);
      return anchor;
    }
  }
  await db.execute(sql`truncate reports, report_counts, report_counts_hourly, report_totals, rollup_pending restart identity cascade`);
  const anchor = Math.floor(Date.now() / 1000) * 1000;
  const t0 = performance.now();
  console.log(`${target.name}: loading ${target.rows.toLocaleString("en-US")} reports over ${DAYS} days …`);
  await bulkInsertReports(db, reportsOver(target.rows, anchor, 2024));
  const t1 = performance.now();
  await rebuildRollup(db);
  await db.execute(sql`vacuum analyze reports`);
  await db.execute(sql`vacuum analyze report_counts`);
  const t2 = performance.now();
  console.log(`${target.name}: inserted in ${((t1 - t0) / 1000).toFixed(0)} s, rollup + analyze ${((t2 - t1) / 1000).toFixed(0)} s`);
  await db.execute(sql`insert into settings (key, value) values (${SETTING_KEY}, ${JSON.stringify({ rows: target.rows, anchor })})
    on conflict (key) do update set value = excluded.value`);
  return anchor;
}

// ---------------------------------------------------------------------------
// Measuring

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

type Row = { db: string; query: string; window: string; p50: number; p95: number; items: number; kB: number };

async function measure(target: Target): Promise<Row[]> {
  const handle = await bootDatabase(target.config);
  try {
    const db = handle.db;
    const anchor = await ensureLoaded(db, target);
    const to = new Date(Math.ceil(anchor / 10_000) * 10_000);
    const rows: Row[] = [];
    for (const [window, ms] of [["24 h", DAY], ["30 d", 30 * DAY]] as const) {
      const filters: Filters = { from: new Date(to.getTime() - ms), to, areas: [], isps: [], services: [], connections: [], problems: [] };
      const cases = [
        ["province", () => getMapAreas(db, filters, "province")],
        ["district", () => getMapAreas(db, filters, "district")],
        ["points", () => getMapCells(db, filters)],
      ] as const;
      for (const [query, run] of cases) {
        const answer = await run(); // warm-up
        await run();
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          await run();
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        const row = { db: `${target.name} ${target.rows / 1e6}M`, query, window, p50: percentile(times, 50), p95: percentile(times, 95), items: answer.length, kB: Buffer.byteLength(JSON.stringify(answer)) / 1024 };
        console.log(`  ${row.db} | ${query} | ${window}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, ${row.items} items, ${row.kB.toFixed(1)} kB`);
        rows.push(row);
      }
    }
    return rows;
  } finally {
    await handle.close();
  }
}

async function main() {
  const targets: Target[] = [];
  if (!flag("skip-pg")) {
    const t = await postgresTarget();
    if (t) targets.push(t);
  }
  if (!flag("skip-pglite")) targets.push(pgliteTarget());
  const rows: Row[] = [];
  for (const target of targets) {
    try {
      rows.push(...(await measure(target)));
    } finally {
      await target.dispose();
    }
  }
  console.log(`\n## Map queries (${os.cpus().length} cores; ${RUNS} runs after 2 warm-ups; times in ms)\n`);
  console.log("| db | level | window | p50 | p95 | items | JSON kB |");
  console.log("| --- | --- | --- | ---: | ---: | ---: | ---: |");
  for (const r of rows) console.log(`| ${r.db} | ${r.query} | ${r.window} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.items} | ${r.kB.toFixed(1)} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import os from "node:os";
import { register } from "node:module";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportCounts, reports } from "@/db/schema";
import type { Answer } from "@/bench/queries/cases";
import {
  flag,
  KEEP,
  NO_RAW,
  PG_OPTIONS,
  PG_ROWS,
  PGLITE_ROWS,
  RAW_BUDGET_MS,
  RAW_MIN_RUNS,
  ROLLUP_BUDGET_MS,
  ROLLUP_MIN_RUNS,
  RUNS,
  STATUS_MINUTES,
  WARMUPS,
} from "@/bench/queries/options";
import {
  count,
  ensureLoaded,
  fmt,
  LOAD_LINES,
  pgliteTarget,
  postgresTarget,
  rowsOf,
  type Dataset,
  type Target,
} from "@/bench/queries/targets";

// npx tsx bench/queries.ts [--pg-rows 10000000] [--pglite-rows 2000000] [--runs 30]
//                          [--skip-pg] [--skip-pglite] [--keep] [--raw-budget 10] [--rollup-budget 30]
//   for trying things out: [--only "timeline 1d,status"] [--no-raw] [--pg-options "-c jit=off"]
//                          [--status-minutes 60] [--seed N] [--keep-indexes]
//
// The read side at scale: loads N synthetic reports over the last 60 days
// (time-of-day rhythm, big districts, mobile operators and a few services
// dominant, outage spikes) with the bulk loader, rebuilds the rollup, then
// measures p50/p95 of the real timeline, breakdown, status and map queries
// (which read the rollups, db/queries/rollup-read.ts; the map's cells read
// reports) against the same answers computed by a plain GROUP BY over the raw
// `reports` table, and checks both agree.
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
//
// This file measures and prints; the arguments are in queries/options.ts, the
// synthetic dataset in queries/dataset.ts, the databases and their loading in
// queries/targets.ts, the cases (real query vs raw GROUP BY) in queries/cases.ts.

// ---------------------------------------------------------------------------
// The query modules import "server-only" (a guard that throws outside React
// Server Components); resolve it to an empty module for this script.
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : n(s, c); }`,
    ),
);
// Imported only now, after the shim: cases.ts imports the query modules (a
// static import would be resolved before register runs).
const { casesFor } = await import("@/bench/queries/cases");
const { mapCasesFor } = await import("@/bench/queries/map-cases");

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
    for (const c of [...casesFor(db, now), ...mapCasesFor(db, now)]) {
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

const SIZE_LINES: string[] = [];
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

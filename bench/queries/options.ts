import path from "node:path";

// The command-line arguments of bench/queries.ts (see its header for the
// flags) and the constants derived from them.

const argv = process.argv.slice(2);
export const flag = (name: string) => argv.includes(`--${name}`);
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
export const PG_ROWS = Math.floor(num("pg-rows", 10_000_000));
export const PGLITE_ROWS = Math.floor(num("pglite-rows", 2_000_000));
export const RUNS = Math.max(1, Math.floor(num("runs", 30)));
export const WARMUPS = 3;
export const RAW_BUDGET_MS = num("raw-budget", 10) * 1000;
export const NO_RAW = flag("no-raw");
/** getStatuses' windowMinutes (the app uses the default, 60). */
export const STATUS_MINUTES = num("status-minutes", 60);
export const STATUS_LABEL = `last ${STATUS_MINUTES >= 60 ? `${STATUS_MINUTES / 60} h` : `${STATUS_MINUTES} min`}*`;
/** Only the cases whose "query window filters" label contains one of these (comma-separated). */
export const ONLY = str("only")?.split(",").map((s) => s.trim()).filter(Boolean);
/** Session settings for the measuring pool, e.g. "-c jit=off" (libpq `options`). */
export const PG_OPTIONS = str("pg-options");
export const RAW_MIN_RUNS = 5;
// A rollup query far over its goal (seconds per run) stops after this long,
// with at least ROLLUP_MIN_RUNS runs; one within its goal always gets all runs.
export const ROLLUP_BUDGET_MS = num("rollup-budget", 30) * 1000;
export const ROLLUP_MIN_RUNS = 10;
export const KEEP = flag("keep");
export const SEED = Math.floor(num("seed", 60_2024));
export const PG_BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const PG_DB_NAME = "dw_bench_queries";
export const PGLITE_KEEP_DIR = path.resolve("data-bench-queries");
export const TIME_ZONE = "Asia/Karachi"; // the app's DISPLAY_TIME_ZONE default
export const DAYS = 60;
export const SETTING_KEY = "bench:queries";
/** Drop secondary indexes for the load and build them afterwards (--keep-indexes: don't). */
export const DROP_INDEXES = !flag("keep-indexes");

// Goals (PostgreSQL at 10 M rows): p95 of the rollup answer.
export const GOAL_MS: Record<string, number> = { "24 h": 50, "30 d": 250 };

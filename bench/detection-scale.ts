import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { PG_ROWS, PGLITE_ROWS, flag } from "@/bench/queries/options";
import { ensureLoaded, fmt, pgliteTarget, postgresTarget, rowsOf, type Target } from "@/bench/queries/targets";
import { detectIncidents, LAST_RUN } from "@/db/jobs/detect-incidents";

// npm run bench:detection-scale [-- --pg-rows 10000000] [--pglite-rows 2000000] [--skip-pg] [--skip-pglite] [--keep]
//
// What the detection job costs at scale: the dataset of bench:queries (60
// days of synthetic reports with outage spikes, 10 M on PostgreSQL and 2 M
// on PGlite by default; --keep reuses a database kept by either bench), then
// the job as the scheduler runs it: a first run (the backfill of a database
// that never ran detection, 14 days), and ten following runs a minute apart
// (the last 6 hours, widened over what is ongoing). Prints each run's time
// and the scopes it watched, how many had enough history for a baseline and
// how many were skipped as too thin.

const FOLLOWING = 10;

async function measure(target: Target) {
  const dataset = await ensureLoaded(target);
  const handle = await target.open();
  try {
    const db = handle.db;
    await db.execute(sql`delete from incident_scopes; delete from incidents; delete from settings where key like 'detection.%'`);
    const now = new Date(Math.ceil(dataset.anchor / 60_000) * 60_000);
    let t = performance.now();
    await db.transaction((tx) => detectIncidents(tx, now));
    const first = (performance.now() - t) / 1000;
    const scopes = await lastRun(db);
    const next: number[] = [];
    for (let i = 1; i <= FOLLOWING; i++) {
      t = performance.now();
      await db.transaction((tx) => detectIncidents(tx, new Date(now.getTime() + i * 60_000)));
      next.push((performance.now() - t) / 1000);
    }
    const sorted = [...next].sort((a, b) => a - b);
    const [found] = await rowsOf<{ incidents: string; scopes: string }>(db, sql`select (select count(*) from incidents) as incidents, (select count(*) from incident_scopes) as scopes`);
    console.log(`\n${target.name}, ${fmt(dataset.rows)} reports over 60 days (${target.where}):`);
    console.log(`  first run (backfill, 14 days): ${first.toFixed(1)} s; ${scopes}`);
    console.log(`  following runs (a minute apart): median ${((sorted[4]! + sorted[5]!) / 2).toFixed(2)} s, max ${sorted[FOLLOWING - 1]!.toFixed(2)} s (${next.map((x) => x.toFixed(2)).join(", ")})`);
    console.log(`  stored: ${found?.incidents} incidents, ${found?.scopes} scope episodes; ${await lastRun(db)}`);
  } finally {
    await handle.close();
    await target.dispose();
  }
}

async function lastRun(db: import("@/db/client").Db): Promise<string> {
  const [row] = await rowsOf<{ value: string }>(db, sql`select value from settings where key = ${LAST_RUN}`);
  if (!row) return "no run recorded";
  const r = JSON.parse(row.value) as { from: string; to: string; scopes: number; considered: number; thin: number };
  return `range ${r.from.slice(0, 16)}–${r.to.slice(11, 16)}, ${fmt(r.scopes)} scopes with reports, ${fmt(r.considered)} reaching the minimum count, ${fmt(r.thin)} of those districts too thin for a baseline (skipped)`;
}

if (!flag("skip-pg")) {
  const pg = await postgresTarget(PG_ROWS);
  if (pg) await measure(pg);
}
if (!flag("skip-pglite")) await measure(pgliteTarget(PGLITE_ROWS));
process.exit(0);

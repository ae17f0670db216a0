import { bulkInsertReports, rebuildRollup, type BulkReport } from "@/db/bulk-load";
import type { Db } from "@/db/client";
import { GroupCommit } from "@/db/ingest";
import { errorMessage } from "@/lib/ops/log";
import { detectIncidents } from "@/db/jobs/detect-incidents";
import { detectionJobFor } from "@/db/jobs";
import { EMBEDDED_MAINTENANCE } from "@/db/jobs/embedded-maintenance";
import { FOLD_ROLLUP } from "@/db/jobs/fold-rollup";
import { runJobOnce, type Job } from "@/db/jobs/scheduler";
import { incidents, incidentScopes } from "@/db/schema";
import { makeLiveScenario, SIZES, type LiveScenario } from "@/db/seed/eval-scenario";
import { PKT_OFFSET } from "@/lib/time/demo-rhythm";
import { limitsFromEnv } from "@/lib/abuse/limits";
import { median } from "@/lib/detection/baseline";
import { detectionConfig } from "@/lib/detection/detection-settings";
import { compareIncidents, percentile, scoreIncidents, type Comparison, type LiveScore, type StoredIncident } from "@/lib/detection/evaluation/live-score";
import type { ScopeKind } from "@/lib/detection/scopes";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import type { ValidReport } from "@/lib/reports/report-schema";
import { createTestDatabase, type Driver } from "@/tests/support/databases";

/*
 * npm run eval:detection -- --live [--quick] [--pglite-only | --postgres-only] [--seed N]
 *
 * Whether the live detection job, stepped minute by minute as the scheduler
 * steps it, finds what one pass over the same reports finds, and how well
 * either finds labelled events (db/seed/eval-scenario.ts: five weeks of
 * ordinary reports, then a test day with five labelled events and two decoys;
 * a quiet deployment and one twice as busy; --quick: the quiet one only).
 *
 * For each database (in-memory PGlite; and PostgreSQL when EVAL_DATABASE_URL
 * or TEST_DATABASE_URL is set, in a throw-away database per run):
 *
 * - live stepping: the history goes in through the bulk loader and a rollup
 *   rebuild; then, every DETECTION_EVERY_SECONDS of the test period, the
 *   reports received in the elapsed interval go through the live write path
 *   (the group commit of db/ingest.ts on a simulated clock: the abuse rules,
 *   the rollup and its pending rows); the jobs the server runs beside detection that touch what it reads
 *   run when their period has passed (the fold; on PGlite the vacuum and
 *   analyse a live embedded server runs, db/jobs/embedded-maintenance.ts);
 *   then runJobOnce runs the detection job at that time (a transaction with
 *   the advisory lock). A failed run is counted and stepping goes on, as the
 *   scheduler would.
 * - single pass: the same reports on a fresh database, written the same way,
 *   then one detectIncidents at the end of the test period (the first run on
 *   a database, so it backfills 14 days).
 *
 * Both read `incidents` and `incident_scopes` back and are scored by
 * lib/detection/evaluation/live-score.ts (the matching rule is written
 * there): precision, recall, delay from a label's start to the first
 * opened_at, incidents that merged two labels, and live vs single-pass
 * disagreements. Exits non-zero unless the live job meets the goals on every
 * database and scenario.
 */

const GOALS = { precision: 0.9, recall: 0.9, medianDelayMin: 15 };

const args = process.argv.slice(2);
const seedArg = args.indexOf("--seed");
const SEED = seedArg >= 0 ? Number(args[seedArg + 1]) : 1;
if (!Number.isInteger(SEED)) throw new Error("--seed takes a whole number");
const SCENARIOS = args.includes("--quick") ? SIZES.slice(0, 1) : SIZES;
const POSTGRES_URL = process.env.EVAL_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (args.includes("--postgres-only") && !POSTGRES_URL) throw new Error("--postgres-only needs EVAL_DATABASE_URL or TEST_DATABASE_URL");
const DRIVERS: Driver[] = args.includes("--postgres-only")
  ? ["postgres"]
  : POSTGRES_URL && !args.includes("--pglite-only")
    ? ["pglite", "postgres"]
    : ["pglite"];
const STEP_MS = env().DETECTION_EVERY_SECONDS * 1000;

type EvalDatabase = { db: Db; drop: () => Promise<void> };

/** A fresh database: in-memory PGlite, or a throw-away PostgreSQL database on POSTGRES_URL (tests/support/databases.ts). */
async function createDatabase(driver: Driver): Promise<EvalDatabase> {
  const t = await createTestDatabase(driver, POSTGRES_URL);
  return { db: t.handle.db, drop: t.drop };
}

/** Beside detection, the server's jobs that change what it reads (db/jobs/index.ts, jobsFor). */
const backgroundJobs = (driver: Driver): Job[] => (driver === "pglite" ? [FOLD_ROLLUP, ...EMBEDDED_MAINTENANCE] : [FOLD_ROLLUP]);

/** Runs each background job whose period has passed by `now` (simulated time), as its timer would; every job runs at the first step, as at start-up. */
async function runBackgroundJobs(db: Db, jobs: readonly Job[], lastRun: Map<Job, number>, now: number) {
  for (const job of jobs) {
    if (now - (lastRun.get(job) ?? -Infinity) < job.everyMs) continue;
    await runJobOnce(db, job, new Date(now));
    lastRun.set(job, now);
  }
}

/** The databases in use, dropped on Ctrl-C too: a long eval stopped half-way leaves no throw-away database behind. */
const inUse = new Set<EvalDatabase>();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void Promise.allSettled([...inUse].map((d) => d.drop())).then(() => process.exit(130));
  });
}

async function withDatabase<T>(driver: Driver, use: (db: Db) => Promise<T>): Promise<T> {
  const d = await createDatabase(driver);
  inUse.add(d);
  try {
    return await use(d.db);
  } finally {
    inUse.delete(d);
    await d.drop();
  }
}

/** The reports received before the test period: bulk loaded, then the rollups recounted. */
async function loadHistory(db: Db, s: LiveScenario): Promise<number> {
  const history = s.reports.filter((r) => r.receivedAt.getTime() < s.testFrom);
  await bulkInsertReports(db, history);
  await rebuildRollup(db);
  return history.length;
}

/** The test period's reports by the step they are received in: [now − step, now). */
function steps(s: LiveScenario): { now: number; reports: BulkReport[] }[] {
  const out: { now: number; reports: BulkReport[] }[] = [];
  const received = s.reports.filter((r) => r.receivedAt.getTime() >= s.testFrom);
  let i = 0;
  for (let now = s.testFrom + STEP_MS; now <= s.testTo; now += STEP_MS) {
    const batch: BulkReport[] = [];
    while (i < received.length && received[i]!.receivedAt.getTime() < now) batch.push(received[i++]!);
    out.push({ now, reports: batch });
  }
  return out;
}

/**
 * One step's reports through the live write path (the group commit, as the
 * report API submits them: the abuse rules, then the reports with the
 * 5-minute rollup and `rollup_pending` in one statement), received at the
 * last one's arrival instead of the wall clock. The hourly rollup and the
 * totals follow when the fold job runs.
 */
async function ingestStep(ingest: GroupCommit, clock: { now: Date }, reports: readonly BulkReport[], tally: Map<string, number>) {
  if (reports.length === 0) return;
  clock.now = reports[reports.length - 1]!.receivedAt;
  const count = (status: string) => tally.set(status, (tally.get(status) ?? 0) + 1);
  await Promise.all(
    reports.map((r) =>
      ingest.submit({ report: validReport(r), source: r.source, clientKey: r.clientKey }).then(
        (result) => count(result.replayed ? "stored before" : result.status),
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 429) count("refused");
          else throw error;
        },
      ),
    ),
  );
}

const validReport = (r: BulkReport): ValidReport => ({
  clientReportId: r.idempotencyKey,
  area: r.area,
  isp: r.isp,
  service: r.service,
  connection: r.connection,
  problem: r.problem,
  observedAt: r.observedAt,
  ...(r.cellLat != null && r.cellLon != null ? { location: { lat: r.cellLat, lon: r.cellLon } } : {}),
  ...(r.speedKbps != null ? { speedKbps: r.speedKbps } : {}),
  ...(r.comment != null ? { comment: r.comment } : {}),
  ...(r.viaVpn != null ? { viaVpn: r.viaVpn } : {}),
});

async function readIncidents(db: Db): Promise<StoredIncident[]> {
  const rows = await db.select().from(incidents);
  const scopes = await db.select().from(incidentScopes);
  return rows.map((r) => ({
    id: r.id,
    primary: { kind: r.scopeKind as ScopeKind, key: r.scopeKey },
    start: r.startedAt.getTime(),
    end: r.endedAt?.getTime() ?? null,
    scopes: scopes
      .filter((s) => s.incidentId === r.id)
      .map((s) => ({ kind: s.kind as ScopeKind, key: s.key, start: s.startedAt.getTime(), end: s.endedAt?.getTime() ?? null, openedAt: s.openedAt.getTime() })),
  }));
}

// ---------------------------------------------------------------------------
// The two runs

type Run = { incidents: StoredIncident[]; failures: { at: number; message: string }[]; runMs: number[]; totalMs: number };
type LiveRun = Run & { loadMs: number; history: number; statuses: Map<string, number> };

async function stepLive(driver: Driver, s: LiveScenario): Promise<LiveRun> {
  return withDatabase(driver, async (db) => {
    let t = performance.now();
    const history = await loadHistory(db, s);
    const loadMs = performance.now() - t;
    const statuses = new Map<string, number>();
    const failures: Run["failures"] = [];
    const runMs: number[] = [];
    const jobs = backgroundJobs(driver);
    const clock = { now: new Date(s.testFrom) };
    const ingest = new GroupCommit(db, { limits: limitsFromEnv(env()), now: () => clock.now });
    const lastRun = new Map<Job, number>();
    t = performance.now();
    for (const step of steps(s)) {
      const now = new Date(step.now);
      await ingestStep(ingest, clock, step.reports, statuses);
      await runBackgroundJobs(db, jobs, lastRun, step.now);
      const started = performance.now();
      try {
        await runJobOnce(db, detectionJobFor(driver), now);
      } catch (error) {
        failures.push({ at: step.now, message: errorMessage(error) });
      }
      runMs.push(performance.now() - started);
      if ((step.now - s.testFrom) % (6 * 3600_000) === 0) {
        console.error(`  ${driver} · ${s.name}: stepped to ${pkt(step.now)}, ${runMs.length} runs, ${failures.length} failed, ${((performance.now() - t) / 1000).toFixed(0)} s`);
      }
    }
    const totalMs = performance.now() - t;
    return { incidents: await readIncidents(db), failures, runMs, totalMs, loadMs, history, statuses };
  });
}

async function singlePass(driver: Driver, s: LiveScenario): Promise<Run> {
  return withDatabase(driver, async (db) => {
    await loadHistory(db, s);
    const jobs = backgroundJobs(driver);
    const clock = { now: new Date(s.testFrom) };
    const ingest = new GroupCommit(db, { limits: limitsFromEnv(env()), now: () => clock.now });
    const lastRun = new Map<Job, number>();
    for (const step of steps(s)) {
      await ingestStep(ingest, clock, step.reports, new Map());
      await runBackgroundJobs(db, jobs, lastRun, step.now);
    }
    const failures: Run["failures"] = [];
    const t = performance.now();
    try {
      await detectIncidents(db, new Date(s.testTo));
    } catch (error) {
      failures.push({ at: s.testTo, message: errorMessage(error) });
    }
    const ms = performance.now() - t;
    return { incidents: await readIncidents(db), failures, runMs: [ms], totalMs: ms };
  });
}

// ---------------------------------------------------------------------------
// Printing

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** A time in PKT: "Mon 14:05" (clock only: "14:05"); null is an ongoing end. */
function pkt(ms: number | null, clockOnly = false): string {
  if (ms === null) return "ongoing";
  const d = new Date(ms + PKT_OFFSET);
  const clock = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return clockOnly ? clock : `${DAYS[d.getUTCDay()]} ${clock}`;
}
const mins = (ms: number) => `${Math.round(ms / 60_000)} min`;
const describe = (i: StoredIncident) => `#${i.id} ${i.primary.kind}:${i.primary.key} ${pkt(i.start)}–${pkt(i.end)} [${i.scopes.length} scope${i.scopes.length === 1 ? "" : "s"}]`;
/** The incident and each of its scopes with its own span and opening, for the disagreements. */
const describeScopes = (i: StoredIncident) =>
  `${describe(i)}: ${[...i.scopes].sort((a, b) => a.start - b.start).map((s) => `${s.kind}:${s.key} ${pkt(s.start, true)}–${pkt(s.end, true)} (opened ${pkt(s.openedAt, true)})`).join(", ")}`;
const byStart = (a: StoredIncident, b: StoredIncident) => a.start - b.start;
const fixed = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
const delayMin = (score: LiveScore, p: number) => (score.delaysMs.length ? (p === 50 ? median(score.delaysMs) : percentile(score.delaysMs, p)) / 60_000 : NaN);

type Result = { driver: Driver; scenario: string; live: LiveRun; single: Run; liveScore: LiveScore; singleScore: LiveScore; comparison: Comparison };

function printResult(r: Result, s: LiveScenario) {
  const { live, single, liveScore, singleScore, comparison } = r;
  const tally = [...r.live.statuses].map(([k, n]) => `${k} ${n}`).join(", ");
  console.log(`\n== ${r.driver} · ${r.scenario} · seed ${SEED} ==`);
  console.log(`history ${live.history} reports bulk loaded in ${(live.loadMs / 1000).toFixed(1)} s; test period ${pkt(s.testFrom)}–${pkt(s.testTo)} PKT: ${tally}`);
  console.log(
    `stepping: ${live.runMs.length} runs every ${STEP_MS / 1000} s in ${(live.totalMs / 1000).toFixed(0)} s; detection ms per run median ${median(live.runMs).toFixed(0)}, p90 ${percentile(live.runMs, 90).toFixed(0)}, max ${Math.max(...live.runMs).toFixed(0)}; single pass ${(single.totalMs / 1000).toFixed(1)} s`,
  );
  console.log("                 incidents  precision  recall  median delay  p90 delay  merged  split  failed runs");
  for (const [name, run, score] of [["live stepping", live, liveScore], ["single pass", single, singleScore]] as const) {
    console.log(
      `${name.padEnd(15)}  ${String(score.incidents.length).padStart(9)}  ${fixed(score.precision).padStart(9)}  ${fixed(score.recall).padStart(6)}  ${fixed(delayMin(score, 50), 1).padStart(8)} min  ${fixed(delayMin(score, 90), 1).padStart(5)} min  ${String(score.merged.length).padStart(6)}  ${String(score.split.length).padStart(5)}  ${String(run.failures.length).padStart(11)}`,
    );
  }
  for (const f of live.failures.slice(0, 3)) console.log(`  failed run at ${pkt(f.at)}: ${f.message.slice(0, 200)}`);
  for (const f of single.failures) console.log(`  single pass failed: ${f.message.slice(0, 200)}`);
  const maxStart = Math.max(0, ...comparison.pairs.map((p) => p.startDiffMs));
  const maxEnd = Math.max(0, ...comparison.pairs.map((p) => p.endDiffMs));
  console.log(
    `live vs single pass: ${comparison.pairs.length} paired, ${comparison.onlyA.length} only live, ${comparison.onlyB.length} only single pass; max |start diff| ${mins(maxStart)}, max |end diff| ${mins(maxEnd)}; disagreements ${comparison.disagreements}`,
  );
  for (const p of comparison.pairs.filter((p) => p.startDiffMs > 5 * 60_000 || p.endDiffMs > 5 * 60_000)) {
    console.log(`  apart: live ${describeScopes(p.a)}\n         single ${describeScopes(p.b)}`);
  }
  for (const i of [...comparison.onlyA].sort(byStart)) console.log(`  only live: ${describeScopes(i)}`);
  for (const i of [...comparison.onlyB].sort(byStart)) console.log(`  only single pass: ${describeScopes(i)}`);
  console.log("labelled events (PKT), with the incidents that fit each (* finds it):");
  liveScore.labels.forEach((l, k) => {
    console.log(`  ${l.label.name}, ${pkt(l.label.start)}–${pkt(l.label.end)}`);
    for (const [name, r] of [["live  ", l], ["single", singleScore.labels[k]!]] as const) {
      const early = r.openedAt !== undefined && r.openedAt < r.label.start ? ` (open since ${mins(r.label.start - r.openedAt)} before)` : "";
      const delay = r.delayMs === undefined ? "missed" : `+${mins(r.delayMs)}${early}`;
      console.log(`    ${name} ${delay.padEnd(8)} ${[...r.fitting].sort(byStart).map((i) => `${r.found.includes(i) ? "*" : ""}${describe(i)}`).join("; ")}`);
    }
  });
  for (const [name, score] of [["live", liveScore], ["single pass", singleScore]] as const) {
    for (const m of score.merged) console.log(`  merged (${name}): ${describe(m)} finds ${score.labels.filter((l) => l.found.includes(m)).map((l) => l.label.name).join(" + ")}`);
    for (const f of score.falseAlarms) console.log(`  false alarm (${name}): ${describe(f.incident)}${f.decoy ? ` during "${f.decoy}"` : ""}`);
  }
}

/** What keeps the live job from meeting the goals on this database and scenario; empty when it meets them. */
function unmetGoals(r: Result): string[] {
  const out: string[] = [];
  const delay = delayMin(r.liveScore, 50);
  if (!(r.liveScore.precision >= GOALS.precision)) out.push(`precision ${fixed(r.liveScore.precision)} < ${GOALS.precision}`);
  if (!(r.liveScore.recall >= GOALS.recall)) out.push(`recall ${fixed(r.liveScore.recall)} < ${GOALS.recall}`);
  if (!(delay <= GOALS.medianDelayMin)) out.push(`median delay ${fixed(delay, 1)} min > ${GOALS.medianDelayMin}`);
  if (r.live.failures.length > 0) out.push(`${r.live.failures.length} failed runs`);
  if (r.comparison.disagreements > 0) out.push(`${r.comparison.disagreements} disagreements with the single pass`);
  return out;
}

// ---------------------------------------------------------------------------

const config = detectionConfig();
console.log(`live detection eval: ${DRIVERS.join(" and ")}; scenarios ${SCENARIOS.map((s) => s.name).join(", ")}; seed ${SEED}; a run every ${STEP_MS / 1000} s`);
console.log(`detection settings: ${JSON.stringify(config)}`);
const results: Result[] = [];
for (const driver of DRIVERS) {
  for (const size of SCENARIOS) {
    const s = makeLiveScenario(size, SEED);
    const live = await stepLive(driver, s);
    const single = await singlePass(driver, s);
    const period = { from: s.testFrom, to: s.testTo };
    const liveScore = scoreIncidents(live.incidents, s.labels, s.decoys, period);
    const singleScore = scoreIncidents(single.incidents, s.labels, s.decoys, period);
    const result: Result = { driver, scenario: size.name, live, single, liveScore, singleScore, comparison: compareIncidents(liveScore.incidents, singleScore.incidents, s.testTo) };
    printResult(result, s);
    results.push(result);
  }
}

console.log("\ngoals for the live job: precision ≥ 0.9, recall ≥ 0.9, median delay ≤ 15 min, no failed run, no disagreement with the single pass");
for (const r of results) {
  const unmet = unmetGoals(r);
  console.log(`  ${r.driver} · ${r.scenario}: ${unmet.length ? `NOT met — ${unmet.join(", ")}` : "met"}`);
}
if (results.some((r) => unmetGoals(r).length > 0)) process.exitCode = 1;

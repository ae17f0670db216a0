import fs from "node:fs";
import os from "node:os";
import { onCleanup, runScript, Verdict } from "@/bench/cleanup";
import { arg, byStatus, clientAddress, formatCounts, latencyTable, loops, randomReport, send, sendReport, sleep, type Answer } from "@/bench/load";
import { MissingPrerequisite, startPgCluster } from "@/bench/pg-cluster";
import { ensureBuild, existingPostgresTarget, pgliteTarget, query, startApp } from "@/bench/server";

/*
 * npm run test:faults [-- --only postgres|pglite --down 6 --port 3510]
 *
 * (a) PostgreSQL, on a throw-away server of its own (initdb in a temporary
 *     folder, port 3590; the shared server is never touched): report load on
 *     the production build while the server is restarted (`pg_ctl restart -m
 *     fast`) and then stopped for --down seconds and started again. Every
 *     report answered 201 must be stored; every other answer must be a 503
 *     with Retry-After (never a 500, never no answer); no answer may take
 *     longer than MAX_ANSWER_MS; the app must answer 201 again within
 *     MAX_RECOVERY_MS of the server accepting connections, without a restart.
 * (b) PGlite: report load on a temporary DATA_DIR, `kill -9` of the server
 *     process mid-load (twice), started again at once on the same folder. It
 *     must get past the dead process's lock (stale after 10 s) on its own;
 *     every report answered 201 must be there afterwards, and the folder must
 *     open cleanly (the app serves; a count query works).
 *
 * Exit code 0 when everything held, 1 on any violation.
 */

const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const DOWN_SECONDS = arg("down", 6);
const PORT = arg("port", 3510);
const PG_PORT = arg("pg-port", 3590);
const MAX_ANSWER_MS = 6_000; // connect timeout (3 s) and one retry on a fresh connection
const MAX_RECOVERY_MS = 5_000;
const REPORT_LOOPS = 8;

async function main(): Promise<number> {
  ensureBuild();
  const v = new Verdict();
  if (ONLY !== "pglite") await postgresFaults(v);
  if (ONLY !== "postgres") await pgliteCrash(v);
  return v.finish();
}

/** Report loops from ever-new client addresses, plus a reader; every answer kept. */
function driveLoad(url: () => string, answers: Answer[], opts: { readers: boolean }) {
  let stop = false;
  let n = 0;
  const done = Promise.all([
    loops(REPORT_LOOPS, () => !stop, async () => {
      const a = await sendReport(url(), randomReport(), clientAddress(n++), "report", 30_000);
      answers.push(a);
      if (a.status === 0) await sleep(200); // the app is not there: do not spin
    }),
    opts.readers
      ? loops(2, () => !stop, async () => {
          // A window to the millisecond: from the database, not a cache.
          // From a crowd's address, as the reports: the read API's limit counts per address and minute (server/read-limit.ts).
          const from = { "x-forwarded-for": clientAddress(n++) };
          answers.push(await send(`${url()}/api/v1/timeline?bucket=5m&to=${new Date(Date.now() + 60_000).toISOString()}`, { kind: "read timeline", timeoutMs: 30_000, headers: from }));
          answers.push(await send(`${url()}/api/health`, { kind: "read health", timeoutMs: 30_000 }));
          // The overview page for a window no one asked for before: rendered, not from the page cache.
          const window = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
          answers.push(await send(`${url()}/?${window}`, { kind: "read page /", timeoutMs: 30_000 }));
        })
      : Promise.resolve(),
  ]);
  return {
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

async function postgresFaults(v: Verdict) {
  console.log("\n(a) PostgreSQL restarted and stopped under report load\n");
  let cluster;
  try {
    cluster = await startPgCluster(PG_PORT);
  } catch (error) {
    if (error instanceof MissingPrerequisite) {
      v.check(false, `(a) cannot run: ${error.message}`);
      return;
    }
    throw error;
  }
  const app = await startApp(existingPostgresTarget(cluster.url), PORT, { TRUST_PROXY: "1" });
  const pid = app.serverPid();
  const answers: Answer[] = [];
  const started = Date.now();
  const load = driveLoad(() => app.url, answers, { readers: true });
  const outages: { what: string; downAt: number; upAt: number }[] = [];

  await sleep(5_000);
  let downAt = Date.now();
  outages.push({ what: "pg_ctl restart -m fast", downAt, upAt: await cluster.restart() });
  await sleep(8_000);
  downAt = Date.now();
  await cluster.stop();
  await sleep(DOWN_SECONDS * 1000);
  outages.push({ what: `pg_ctl stop -m fast, down ${DOWN_SECONDS} s, start`, downAt, upAt: await cluster.start() });
  await sleep(8_000);
  await load.stop();
  const seconds = (Date.now() - started) / 1000;
  const samePid = app.serverPid() === pid;
  await app.stop();
  const internalErrors = app.log().split("\n").filter((l) => l.includes("unexpected error"));

  const stored = new Set((await query<{ key: string }>(cluster.url, "select idempotency_key as key from reports")).map((r) => r.key));
  await cluster.destroy();

  const reports = answers.filter((a) => a.kind === "report");
  const reads = answers.filter((a) => a.kind.startsWith("read"));
  const created = reports.filter((a) => a.status === 201);
  const refused = reports.filter((a) => a.status === 503);
  const lost = created.filter((a) => !stored.has(a.key!));
  const storedAfter503 = refused.filter((a) => stored.has(a.key!));
  const longest = Math.max(...answers.map((a) => a.ms));

  for (const line of latencyTable(answers, seconds)) console.log(line);
  console.log("");
  for (const o of outages) {
    const during = reports.filter((a) => a.doneAt >= o.downAt && a.sentAt <= o.upAt);
    const first = reports.filter((a) => a.status === 201 && a.doneAt >= o.upAt).sort((a, b) => a.doneAt - b.doneAt)[0];
    const recovery = first ? first.doneAt - o.upAt : Infinity;
    console.log(
      `${o.what}: database down ${((o.upAt - o.downAt) / 1000).toFixed(2)} s; reports answered meanwhile: ${formatCounts(byStatus(during))}; ` +
        `first 201 ${first ? `${(recovery / 1000).toFixed(2)} s` : "never"} after the database was back`,
    );
    v.check(recovery <= MAX_RECOVERY_MS, `(a) ${o.what}: 201s again within ${MAX_RECOVERY_MS / 1000} s of the database (${(recovery / 1000).toFixed(2)} s)`);
  }
  console.log(`\nreports answered 201: ${created.length}, stored: ${stored.size}; answered 503 yet stored (the commit landed, the answer did not say so): ${storedAfter503.length}\n`);

  v.check(lost.length === 0, `(a) every report answered 201 is stored (${created.length} answered 201, ${lost.length} missing)`);
  const other = reports.filter((a) => a.status !== 201 && a.status !== 503);
  v.check(other.length === 0, `(a) every other report answer is a 503 (${other.length} others: ${formatCounts(byStatus(other))})`);
  const noRetry = answers.filter((a) => a.status === 503 && !(Number(a.retryAfter) > 0));
  v.check(noRetry.length === 0, `(a) every 503 has Retry-After (${noRetry.length} without)`);
  const badReads = reads.filter((a) => a.status !== 200 && a.status !== 503);
  v.check(badReads.length === 0, `(a) reads answer 200 or 503 (${badReads.length} others: ${formatCounts(byStatus(badReads))})`);
  v.check(refused.length > 0, `(a) the outages were seen: ${refused.length} reports answered 503`);
  v.check(longest <= MAX_ANSWER_MS, `(a) no answer took longer than ${MAX_ANSWER_MS / 1000} s (longest ${(longest / 1000).toFixed(2)} s)`);
  v.check(samePid, "(a) the same app process served throughout (no restart)");
  v.check(internalErrors.length === 0, `(a) the app logged no unexpected error (${internalErrors.length}${internalErrors.length ? `: ${internalErrors[0]}` : ""})`);
  const sent = new Set(reports.map((a) => a.key));
  const extra = [...stored].filter((k) => !sent.has(k));
  v.check(extra.length === 0, `(a) nothing stored that was not sent (${extra.length})`);
}

async function pgliteCrash(v: Verdict) {
  console.log("\n(b) PGlite: kill -9 of the app mid-load, started again on the same folder\n");
  const target = await pgliteTarget();
  onCleanup("the PGlite folder", () => target.cleanup());
  const env = { TRUST_PROXY: "1" }; // each report from its own address, as in (a)
  const firstStart = Date.now();
  let app = await startApp(target, PORT + 1, env);
  console.log(`first start on an empty folder: serving after ${((Date.now() - firstStart) / 1000).toFixed(1)} s`);
  const answers: Answer[] = [];
  const started = Date.now();
  const load = driveLoad(() => app.url, answers, { readers: false });
  const lockFile = `${target.env.DATA_DIR}/pg.lock`;

  for (let round = 1; round <= 2; round++) {
    await sleep(4_000);
    const pid = app.serverPid();
    const killedAt = Date.now();
    process.kill(pid, "SIGKILL");
    await app.exited;
    const lockLeft = fs.existsSync(lockFile);
    const restartAt = Date.now();
    let lockTakenAt = 0;
    const watch = setInterval(() => {
      // The dead process's lock changed last before the kill; the new process removes it and makes its own.
      const changed = fs.statSync(lockFile, { throwIfNoEntry: false })?.ctimeMs ?? 0;
      if (!lockTakenAt && changed > killedAt) lockTakenAt = Date.now();
    }, 20);
    app = await startApp(target, PORT + 1, env);
    clearInterval(watch);
    const healthyAt = Date.now();
    const acknowledgedBefore = answers.filter((a) => a.status === 201 && a.doneAt <= killedAt).length;
    console.log(
      `round ${round}: killed pid ${pid} with ${acknowledgedBefore} reports acknowledged so far (lock left behind: ${lockLeft ? "yes" : "no"}); ` +
        `started again at once: lock taken ${lockTakenAt ? `${((lockTakenAt - killedAt) / 1000).toFixed(1)} s` : "?"} and serving ${((healthyAt - killedAt) / 1000).toFixed(1)} s after the kill`,
    );
    v.check(healthyAt - killedAt < 30_000, `(b) round ${round}: serving again within 30 s of the kill, past the stale lock (${((healthyAt - killedAt) / 1000).toFixed(1)} s)`);
  }
  await sleep(3_000);
  await load.stop();
  const seconds = (Date.now() - started) / 1000;
  await app.stop();

  let stored = new Set<string>();
  let opened = true;
  try {
    stored = await target.storedKeys();
    const count = await target.countReports();
    console.log(`\nthe folder opens cleanly: select count(*) from reports → ${count}`);
  } catch (error) {
    opened = false;
    console.log(`\nthe folder did not open: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const line of latencyTable(answers, seconds)) console.log(line);
  const created = answers.filter((a) => a.status === 201);
  const lost = created.filter((a) => !stored.has(a.key!));
  const unanswered = answers.filter((a) => a.status === 0);
  const unansweredStored = unanswered.filter((a) => stored.has(a.key!));
  console.log(`\nreports answered 201: ${created.length}, stored: ${stored.size}; no answer (in flight at the kill or sent while down): ${unanswered.length}, of which stored: ${unansweredStored.length}\n`);
  v.check(opened, "(b) the data folder opens cleanly after the crashes and a count query works");
  v.check(lost.length === 0, `(b) every report answered 201 is stored (${created.length} answered 201, ${lost.length} missing)`);
  const bad = answers.filter((a) => a.status !== 201 && a.status !== 0);
  v.check(bad.length === 0, `(b) every answer the app gave was a 201 (${bad.length} others: ${formatCounts(byStatus(bad))})`);
  const sent = new Set(answers.map((a) => a.key));
  const extra = [...stored].filter((k) => !sent.has(k));
  v.check(extra.length === 0, `(b) nothing stored that was not sent (${extra.length})`);
}

console.log(`test:faults on ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
runScript(main, 12 * 60_000);

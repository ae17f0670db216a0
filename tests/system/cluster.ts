import os from "node:os";
import pg from "pg";
import { interrupted, onCleanup, runScript, Verdict } from "@/bench/cleanup";
import { arg, byStatus, clientAddress, formatCounts, inParallel, randomReport, send, sendReport, sleep, type Answer } from "@/bench/load";
import { ensureBuild, postgresTarget, query, startApp, type RunningApp } from "@/bench/server";
import type { LastRun } from "@/db/jobs/scheduler";

/*
 * npm run test:cluster [-- --port 3530 --observe 45]
 *
 * Two app instances — two production servers of the same build, ports 3530
 * and 3531 — on one fresh PostgreSQL database (created on BENCH_DATABASE_URL's
 * server, default postgres://postgres@127.0.0.1:5432/test, dropped after):
 *
 * 1. One client's flood split across both is limited as if it met one: 100
 *    reports from one X-Forwarded-For, alternating instances, within one
 *    clock minute: exactly RATE_LIMIT_PER_MINUTE (60) answered 201, the other
 *    40 answered 429 with Retry-After.
 * 2. Scheduled detection runs once, not once per instance: a WhatsApp-on-Zong
 *    outage loaded through both (90 reports from 90 people, two to three
 *    hours ago) becomes exactly one incident with one set of four scopes, and
 *    over the observation the job ran once per period between the two
 *    (DETECTION_EVERY_SECONDS=10), never two runs at once — counted by the
 *    scheduler's record in `settings` (db/jobs/scheduler.ts), which names
 *    the instance of each run.
 * 3. A report made through one instance is counted by the other's timeline
 *    API within 10 seconds (both directions, three times each; the delay is
 *    printed).
 *
 * Exit code 0 when all hold, 1 otherwise.
 */

const PORT = arg("port", 3530);
const PERIOD_S = 10; // DETECTION_EVERY_SECONDS: its smallest allowed value
const OBSERVE_MS = arg("observe", 45) * 1000; // detection runs are watched for this long: four to five periods by default
const PER_MINUTE = 60; // RATE_LIMIT_PER_MINUTE, the default
const VISIBLE_WITHIN_MS = 10_000;
const STEP = 5 * 60_000;

async function main(): Promise<number> {
  ensureBuild();
  const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const target = await postgresTarget(server);
  if (!target) throw new Error(`test:cluster needs PostgreSQL: none at ${server} (set BENCH_DATABASE_URL to a server where it may create a database).`);
  onCleanup("the cluster database", () => target.cleanup());
  const env = { TRUST_PROXY: "1", DETECTION_EVERY_SECONDS: String(PERIOD_S) };
  // Both at once, as a deployment starts them: one migrates, the other waits for its lock.
  const t0 = Date.now();
  const [a, b] = await Promise.all([startApp(target, PORT, env), startApp(target, PORT + 1, env)]);
  const names = new Map([
    [`${os.hostname()}:${a.serverPid()}`, "A"],
    [`${os.hostname()}:${b.serverPid()}`, "B"],
  ]);
  console.log(`two instances serving: A ${a.url}, B ${b.url} (both started at once, ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  const v = new Verdict();

  const watch = watchDetectionRuns(target.url!);
  await loadOutage([a, b]);
  const outageLoaded = Date.now();
  await rateLimitAcrossInstances([a, b], v);
  await countedByTheOther(a, b, v);
  await countedByTheOther(b, a, v);
  // At least two runs after the outage was loaded, and the whole observation.
  await sleep(Math.max(0, outageLoaded + 2.5 * PERIOD_S * 1000 - Date.now(), watch.startedAt + OBSERVE_MS - Date.now()));
  const runs = await watch.stop();
  await detectedOnce([a, b], target.url!, runs, names, v);
  return v.finish();
}

/** Ten people every five minutes for 45 minutes, two to three hours ago: WhatsApp on Zong in Karachi. */
async function loadOutage(apps: RunningApp[]) {
  const now = Math.floor(Date.now() / STEP) * STEP;
  const jobs: (() => Promise<Answer>)[] = [];
  let person = 0;
  for (let bucket = now - 180 * 60_000; bucket < now - 135 * 60_000; bucket += STEP) {
    for (let i = 0; i < 10; i++) {
      const n = person++;
      const body = randomReport(Math.random, { area: "karachi-south", isp: "zong", service: "whatsapp", connection: "mobile", problem: "media_fails", observedAt: new Date(bucket + i * 20_000).toISOString() });
      jobs.push(() => sendReport(apps[n % 2]!.url, body, clientAddress(100_000 + n)));
    }
  }
  const answers = await inParallel(jobs, 6);
  console.log(`2. outage loaded through both instances: ${formatCounts(byStatus(answers))}`);
}

async function rateLimitAcrossInstances(apps: RunningApp[], v: Verdict) {
  for (let attempt = 1; attempt <= 2; attempt++) {
    // All 100 within one clock minute (the limit's window): start early in one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 35_000) await sleep(60_000 - intoMinute + 500);
    const address = `10.250.0.${attempt}`;
    const jobs = Array.from({ length: 100 }, (_, i) => () => sendReport(apps[i % 2]!.url, randomReport(), address));
    const started = Date.now();
    const answers = await inParallel(jobs, 4); // two at a time on each instance
    const minutes = new Set(answers.flatMap((x) => [Math.floor(x.sentAt / 60_000), Math.floor(x.doneAt / 60_000)]));
    if (minutes.size > 1 && attempt === 1) {
      console.log("1. the flood crossed a minute boundary; again in a fresh minute");
      continue;
    }
    const accepted = answers.filter((x) => x.status === 201);
    const limited = answers.filter((x) => x.status === 429);
    const perInstance = apps.map((app) => answers.filter((x, i) => i % 2 === apps.indexOf(app) && x.status === 201).length);
    console.log(
      `1. one client, 100 reports alternating A and B in ${((Date.now() - started) / 1000).toFixed(1)} s: ${formatCounts(byStatus(answers))} ` +
        `(accepted by A ${perInstance[0]}, by B ${perInstance[1]})`,
    );
    v.check(accepted.length === PER_MINUTE, `1. exactly ${PER_MINUTE} of the split flood accepted (${accepted.length})`);
    v.check(limited.length === 100 - PER_MINUTE, `1. the other ${100 - PER_MINUTE} answered 429 (${limited.length})`);
    v.check(limited.every((x) => Number(x.retryAfter) > 0), "1. every 429 has Retry-After");
    v.check(perInstance.every((n) => n > 0), "1. both instances accepted part of it (the count is shared, not split)");
    return;
  }
}

/** Posts through `from`, then polls `to`'s timeline until it counts the report. */
async function countedByTheOther(from: RunningApp, to: RunningApp, v: Verdict) {
  const [fromName, toName] = [from, to].map((app) => (app.url.endsWith(String(PORT)) ? "A" : "B"));
  const filter = "service=instagram&isp=telenor&area=lahore&connection=mobile";
  const delays: number[] = [];
  for (let i = 0; i < 3; i++) {
    const total = async () => {
      // A window to the millisecond: never an answer cached by either instance.
      const to_ = new Date(Date.now() + 60_000).toISOString();
      const from_ = new Date(Date.now() - 3600_000).toISOString();
      const res = await send(`${to.url}/api/v1/timeline?bucket=5m&${filter}&from=${from_}&to=${to_}`, { kind: "timeline" });
      const body = JSON.parse(res.body ?? "{}") as { series?: { points: { count: number }[] }[] };
      return (body.series ?? []).flatMap((s) => s.points).reduce((n, p) => n + p.count, 0);
    };
    const before = await total();
    const posted = await sendReport(from.url, randomReport(Math.random, { service: "instagram", isp: "telenor", area: "lahore", connection: "mobile" }), `10.240.${fromName === "A" ? 1 : 2}.${i + 1}`);
    if (posted.status !== 201) {
      v.check(false, `3. a report through ${fromName} answered 201 (${posted.status})`);
      return;
    }
    const acknowledged = posted.doneAt;
    let seenAt = 0;
    while (Date.now() - acknowledged < VISIBLE_WITHIN_MS) {
      if ((await total()) === before + 1) {
        seenAt = Date.now();
        break;
      }
      await sleep(50);
    }
    delays.push(seenAt ? seenAt - acknowledged : Infinity);
  }
  console.log(`3. a report through ${fromName}, counted by ${toName}'s timeline API after: ${delays.map((d) => `${d} ms`).join(", ")} (from its 201 to the first read that had it)`);
  v.check(delays.every((d) => d <= VISIBLE_WITHIN_MS), `3. every report through ${fromName} counted by ${toName} within ${VISIBLE_WITHIN_MS / 1000} s (longest ${Math.max(...delays)} ms)`);
}

/** Reads the detection job's record in `settings` every 200 ms: each run's start, length and instance. */
function watchDetectionRuns(url: string) {
  const seen = new Map<number, LastRun>(); // by run number
  const client = new pg.Client({ connectionString: url });
  // Cut when the database is dropped at cleanup (an interrupted run): not a crash.
  client.on("error", () => {});
  let stopped = false;
  const startedAt = Date.now();
  let first: LastRun | undefined;
  const done = (async () => {
    await client.connect();
    while (!stopped && !interrupted()) {
      const { rows } = await client.query<{ value: string }>("select value from settings where key = 'job:detect-incidents:last-run'");
      if (rows[0]) {
        const run = JSON.parse(rows[0].value) as LastRun;
        first ??= run;
        seen.set(run.runs, run);
      }
      await sleep(200);
    }
    await client.end();
  })().catch((error: unknown) => {
    failed = error;
  });
  let failed: unknown;
  return {
    startedAt,
    stop: async () => {
      stopped = true;
      await done;
      if (failed) throw failed;
      return { first, runs: [...seen.values()].sort((x, y) => x.runs - y.runs), seconds: (Date.now() - startedAt) / 1000 };
    },
  };
}

async function detectedOnce(apps: RunningApp[], url: string, watched: { first?: LastRun; runs: LastRun[]; seconds: number }, names: Map<string, string>, v: Verdict) {
  const incidents = (await query<{ id: string }>(url, "select id from incidents")).map((r) => ({ id: Number(r.id) }));
  const scopes = (await query<{ kind: string; key: string }>(url, "select kind, key from incident_scopes")).map((s) => `${s.kind}:${s.key}`).sort();
  const listed = await Promise.all(
    apps.map(async (app) => {
      const res = await send(`${app.url}/api/v1/incidents?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`, { kind: "incidents" });
      return (JSON.parse(res.body ?? "[]") as { id: number }[]).map((i) => i.id);
    }),
  );
  console.log(`\n2. incidents stored: ${incidents.length} (ids ${incidents.map((i) => i.id).join(", ")}); scopes: ${scopes.join(", ")}`);
  console.log(`2. the incidents API lists: A ${JSON.stringify(listed[0])}, B ${JSON.stringify(listed[1])}`);
  v.check(incidents.length === 1, `2. exactly one incident row (${incidents.length})`);
  const expected = ["isp:zong", "province:sindh", "service-isp:whatsapp|zong", "service:whatsapp"];
  v.check(JSON.stringify(scopes) === JSON.stringify(expected), `2. one set of scopes, each once: ${expected.join(", ")}`);
  v.check(listed.every((l) => l.length === 1 && l[0] === incidents[0]?.id), "2. both instances list that one incident");

  // The runs seen during the observation (their `runs` numbers are consecutive when none was missed).
  const runs = watched.runs;
  const counted = runs.length > 0 ? runs[runs.length - 1]!.runs - (watched.first?.runs ?? runs[0]!.runs) + 1 : 0;
  const starts = runs.map((r) => Date.parse(r.startedAt));
  const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
  const overlaps = runs.slice(1).filter((r, i) => Date.parse(r.startedAt) < starts[i]! + runs[i]!.ms).length;
  const byInstance = new Map<string, number>();
  for (const r of runs) byInstance.set(names.get(r.instance) ?? r.instance, (byInstance.get(names.get(r.instance) ?? r.instance) ?? 0) + 1);
  const periods = watched.seconds / PERIOD_S;
  console.log(
    `2. detection runs in ${watched.seconds.toFixed(0)} s (${periods.toFixed(1)} periods of ${PERIOD_S} s, two instances): ${counted} ` +
      `(by instance: ${formatCounts(byInstance)}); gaps between starts ${gaps.map((g) => (g / 1000).toFixed(1)).join(", ")} s; run lengths ${runs.map((r) => r.ms).join(", ")} ms`,
  );
  v.check(counted === runs.length, `2. every run was seen (run numbers ${runs.map((r) => r.runs).join(", ")})`);
  v.check(counted <= Math.floor(periods) + 1, `2. one detection run per period between the two instances, not one each (${counted} runs in ${periods.toFixed(1)} periods)`);
  v.check(gaps.every((g) => g >= 0.75 * PERIOD_S * 1000), `2. no two runs closer than three quarters of a period (shortest gap ${(Math.min(...gaps) / 1000).toFixed(1)} s)`);
  v.check(overlaps === 0, `2. no run started before the previous one ended (${overlaps})`);
}

console.log(`test:cluster on ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
runScript(main, 8 * 60_000);

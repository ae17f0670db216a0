import { onCleanup, runScript } from "@/bench/cleanup";
import { arg, percentile, send, sleep, type Answer } from "@/bench/load";
import { ensureBuild, pgliteTarget, startApp } from "@/bench/server";

/*
 * npm run bench:freeze [-- --port 3220 --following 5 --seconds 400]
 *
 * Does a job stop the server answering? The demo (four weeks of synthetic
 * reports) on the embedded database, with detection every 10 s: its first
 * run looks back 14 days, the following ones 6 hours. Meanwhile GET
 * /api/health every 50 ms, until the first run and `following` runs after
 * it have ended (or `seconds` have passed); prints the answers' p50, p99 and
 * longest, all and during detection runs (from the scheduler's record of
 * each run), and the goal: p99 ≤ 100 ms during detection.
 */

const PORT = arg("port", 3220);
const FOLLOWING = arg("following", 5);
const SECONDS = arg("seconds", 400);

async function main(): Promise<number> {
  ensureBuild();
  const target = await pgliteTarget();
  onCleanup("the demo folder", () => target.cleanup());
  const dir = target.env.DATA_DIR!;
  const started = Date.now();
  // Probing starts with the app, so the first detection run (which starts as the server listens) is seen whole.
  const url = `http://127.0.0.1:${PORT}`;
  const probes: Answer[] = [];
  let listening = false;
  let until = Infinity;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  // The log is read once a second, not every probe: this process shares the machine with the server.
  let checked = 0;
  let done = false;
  const enough = () => {
    if (!done && app !== undefined && Date.now() - checked > 1000) {
      checked = Date.now();
      done = detectionRuns(app.log()).length > FOLLOWING;
    }
    return done;
  };
  const probing = (async () => {
    while (Date.now() < until && !enough()) {
      const answer = await send(`${url}/api/health`, { kind: "health", timeoutMs: 30_000 });
      if (answer.status === 200) listening = true;
      if (listening) probes.push(answer);
      await sleep(50);
    }
  })();
  app = await startApp(target, PORT, { DEMO_DATA_DIR: dir, DETECTION_EVERY_SECONDS: "10", LOG_LEVEL: "debug" }, ["--demo"]);
  console.log(`demo serving after ${((Date.now() - started) / 1000).toFixed(1)} s (seeded at start)`);
  until = Date.now() + SECONDS * 1000;
  await probing;
  await app.stop();
  if (!enough()) console.log(`✗ stopped after ${SECONDS} s, before the first run and ${FOLLOWING} following runs had ended`);
  const runs = detectionRuns(app.log());
  const overlapping = (r: { start: number; end: number }) => probes.filter((p) => p.sentAt < r.end && p.doneAt > r.start);
  const first = runs[0] ? overlapping(runs[0]) : [];
  const following = runs.slice(1).flatMap(overlapping);
  const line = (name: string, xs: Answer[]) => {
    const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
    return `${name}: ${xs.length} probes, p50 ${percentile(ms, 50)} ms, p99 ${percentile(ms, 99)} ms, longest ${ms[ms.length - 1]} ms, failed ${xs.filter((x) => x.status !== 200).length}`;
  };
  console.log(`detection runs seen: ${runs.length} (${runs.map((r) => `${((r.end - r.start) / 1000).toFixed(1)} s`).join(", ")})`);
  console.log(line("all probes", probes));
  console.log(line("during the first run (14 days back)", first));
  console.log(line("during the following runs", following));
  for (const [name, xs] of [["the following runs", following], ["the first run", first]] as const) {
    const p99 = percentile(xs.map((x) => x.ms).sort((a, b) => a - b), 99);
    console.log(`${p99 <= 100 ? "✓" : "✗"} GET /api/health p99 during ${name} ≤ 100 ms (${p99} ms)`);
  }
  return 0;
}

/** Detection runs from the structured log: at debug level the scheduler logs each run of a job when it ends, with its duration. */
function detectionRuns(log: string): { start: number; end: number }[] {
  return log
    .split("\n")
    .filter((l) => l.startsWith("{") && l.includes('"job":"detect-incidents"') && l.includes('"ms"'))
    .map((l) => JSON.parse(l) as { time: string; ms: number })
    .map((r) => ({ end: Date.parse(r.time), start: Date.parse(r.time) - r.ms }));
}

runScript(main, 15 * 60_000);

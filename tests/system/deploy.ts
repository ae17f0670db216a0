import { interrupted, onCleanup, runScript, Verdict } from "@/bench/cleanup";
import { arg, byStatus, formatCounts, inParallel, randomReport, send, sendReport, sleep, type Answer } from "@/bench/load";
import { ensureBuild, postgresTarget } from "@/bench/server";
import { ENV_FILE, findNginx, nginxVersion, SITE, startInstance, startNginx, upstreamPorts, type Instance } from "@/tests/system/deployment";

/*
 * npm run test:deploy [-- --port 8480 --rate 40]
 *
 * The production layout of deploy/, run on this machine: nginx with
 * deploy/nginx/disruption-watch.conf (only its listen port and cache folder
 * changed) in front of two app instances started as
 * deploy/systemd/disruption-watch@.service starts them (its ExecStart and
 * Environment, with deploy/env.example as the EnvironmentFile and
 * DATABASE_URL pointed at a fresh database on BENCH_DATABASE_URL's server,
 * default postgres://postgres@127.0.0.1:5432/test). nginx is Debian's, put
 * there with apt-get when it is missing and this runs as root.
 *
 * 1. A report through the proxy is the address nginx saw: 100 reports from
 *    one client, each with an X-Forwarded-For of its own, are limited as one
 *    client across both instances (exactly RATE_LIMIT_PER_MINUTE answered
 *    201, the rest 429), and a client on another address is not limited.
 * 2. Public reads are served by nginx's cache (X-Cache-Status: HIT on the
 *    second read); the report page never is.
 * 3. A rolling restart under report and read load: SIGTERM to instance A,
 *    started again, then the same for B. No acknowledged report is lost,
 *    every answer is 2xx, 429 or 503, each instance exits 0 once it has
 *    committed what it queued, and nothing a client sent is in the logs.
 *
 * Exit code 0 when all hold, 1 otherwise.
 */

const PROXY_PORT = arg("port", 8480);
const RATE = arg("rate", 40); // reports per second during the restart
const PER_MINUTE = 60; // RATE_LIMIT_PER_MINUTE, the default
const SPOOFED = "203.0.113.77"; // an X-Forwarded-For a client sends; must never be believed or logged

async function main(): Promise<number> {
  const nginx = findNginx();
  ensureBuild();
  const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const target = await postgresTarget(server);
  if (!target) throw new Error(`test:deploy needs PostgreSQL: none at ${server} (set BENCH_DATABASE_URL to a server where it may create a database).`);
  onCleanup("the deployment's database", () => target.cleanup());
  const ports = upstreamPorts();
  const t0 = Date.now();
  // The instance serving on each port now, and every one started (their logs are checked at the end).
  const instances = new Map<number, Instance>();
  const started: Instance[] = [];
  const start = async (port: number) => {
    const instance = await startInstance(port, target.url!);
    instances.set(port, instance);
    started.push(instance);
    return instance;
  };
  await Promise.all(ports.map(start));
  console.log(`instances on ${ports.map((p) => `127.0.0.1:${p}`).join(" and ")} (started together in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${ENV_FILE} as their environment)`);
  const proxy = await startNginx(nginx, PROXY_PORT);
  console.log(`nginx ${nginxVersion(nginx)} with ${SITE} on ${proxy.url}\n`);
  const v = new Verdict();

  await addressAndLimit(proxy.url, proxy.accessLog, v);
  await cachedReads(proxy.url, v);
  await rollingRestart(proxy.url, ports, instances, start, target.storedKeys, proxy.accessLog, v);

  console.log(`memory: ${[...instances.values()].map((i) => `instance ${i.port} ${i.rssMb()} MB resident`).join(", ")}`);
  const allLogs = started.map((i) => i.log()).join("\n");
  v.check(!allLogs.includes(SPOOFED) && !/\b127\.1\.\d+\.\d+\b/.test(allLogs), "logs hold no client address (neither the one sent nor the one nginx saw)");
  const jsonLines = allLogs.split("\n").filter((l) => l.startsWith("{"));
  v.check(jsonLines.length > 0 && jsonLines.every((l) => isJson(l)), `the app's own log lines are one JSON object each (${jsonLines.length} lines)`);
  return v.finish();
}

async function addressAndLimit(url: string, accessLog: () => string, v: Verdict) {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 30_000) await sleep(60_000 - intoMinute + 500);
    const before = accessLog().length;
    // One client (127.0.0.1 as nginx sees it), claiming a new address each time.
    const answers = await inParallel(
      Array.from({ length: 100 }, (_, i) => () => sendReport(url, randomReport(), `198.51.100.${i}, ${SPOOFED}`)),
      4,
    );
    const minutes = new Set(answers.flatMap((a) => [Math.floor(a.sentAt / 60_000), Math.floor(a.doneAt / 60_000)]));
    if (minutes.size > 1 && attempt === 1) {
      console.log("1. the flood crossed a minute boundary; again in a fresh minute");
      continue;
    }
    const upstreams = new Set(
      accessLog()
        .slice(before)
        .split("\n")
        .filter((l) => l.includes(" POST /api/v1/reports 201 "))
        .map((l) => l.split(" ")[5]),
    );
    const other = await send(`${url}/api/v1/reports`, reportRequest("127.0.0.2"));
    console.log(`1. one client with 100 made-up X-Forwarded-For values: ${formatCounts(byStatus(answers))}; accepted by ${[...upstreams].join(" and ")}; a client on 127.0.0.2 then: ${other.status}`);
    v.check(answers.filter((a) => a.status === 201).length === PER_MINUTE, `1. exactly ${PER_MINUTE} accepted: the client's own X-Forwarded-For is not believed`);
    v.check(answers.filter((a) => a.status === 429).length === 100 - PER_MINUTE, `1. the other ${100 - PER_MINUTE} answered 429`);
    v.check(upstreams.size === 2, "1. both instances took part (the limit holds across them)");
    v.check(other.status === 201, "1. another address nginx saw is another client");
    return;
  }
}

/** A report sent from a local address of its own (Linux answers on all of 127.0.0.0/8). */
function reportRequest(localAddress: string) {
  const body = randomReport();
  return {
    kind: "report",
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": SPOOFED },
    body: JSON.stringify(body),
    key: body.clientReportId,
    localAddress,
  };
}

const PUBLIC_READS = ["/", "/ur", "/map", "/service/whatsapp", "/api/v1/timeline?service=whatsapp", "/api/v1/breakdown?dimension=isp", "/incidents", "/api/v1/incidents"];

async function cachedReads(url: string, v: Verdict) {
  const status = async (p: string) => {
    const res = await fetch(`${url}${p}`, { headers: { "accept-encoding": "gzip" }, redirect: "manual" });
    await res.arrayBuffer();
    return { cache: res.headers.get("x-cache-status") ?? "-", control: res.headers.get("cache-control") ?? "-", code: res.status, location: res.headers.get("location") };
  };
  const rows: string[] = [];
  let hits = 0;
  for (const p of PUBLIC_READS) {
    const first = await status(p);
    const second = await status(p);
    rows.push(`${p} ${first.code} ${first.cache}→${second.cache}`);
    if (second.cache === "HIT") hits++;
    else console.log(`   ${p}: ${second.code} ${second.cache}, Cache-Control: ${second.control}, Location: ${second.location}`);
  }
  console.log(`2. read twice through nginx: ${rows.join(", ")}`);
  v.check(hits === PUBLIC_READS.length, `2. every public read was served from nginx's cache the second time (${hits} of ${PUBLIC_READS.length})`);
  const report = [await status("/report"), await status("/report")];
  v.check(report.every((r) => r.cache !== "HIT"), `2. the report page (a key per visitor) never is (${report.map((r) => r.cache).join(", ")})`);
}

async function rollingRestart(
  url: string,
  ports: number[],
  instances: Map<number, Instance>,
  start: (port: number) => Promise<Instance>,
  storedKeys: () => Promise<Set<string>>,
  accessLog: () => string,
  v: Verdict,
) {
  const answers: Answer[] = [];
  let going = true;
  let n = 0;
  const LOOPS = 8;
  const perLoopMs = (1000 * LOOPS) / RATE;
  const writers = Array.from({ length: LOOPS }, async () => {
    while (going && !interrupted()) {
      const started = Date.now();
      const i = n++;
      // 4,000 addresses, each one report a minute or so: a crowd, not a flood.
      const address = `127.1.${(i % 4000) >> 8}.${(i % 4000) & 255}`;
      answers.push(await send(`${url}/api/v1/reports`, reportRequest(address)));
      await sleep(Math.max(0, perLoopMs - (Date.now() - started)));
    }
  });
  const readers = Array.from({ length: 3 }, async (_, r) => {
    let i = r;
    while (going && !interrupted()) {
      const a = await send(`${url}${PUBLIC_READS[i++ % PUBLIC_READS.length]}`, { kind: "read", headers: { "accept-encoding": "gzip" }, timeoutMs: 20_000 });
      answers.push(a);
      await sleep(50);
    }
  });
  const logFrom = accessLog().length;
  const steps: string[] = [];
  const t0 = Date.now();
  await sleep(5_000);
  for (const port of ports) {
    const old = instances.get(port)!;
    const stopping = Date.now();
    const code = await old.stop();
    const stoppedIn = Date.now() - stopping;
    v.check(code === 0, `3. instance ${port} exited 0 on SIGTERM (${code}) in ${(stoppedIn / 1000).toFixed(1)} s`);
    v.check(/"msg":"stopped"/.test(old.log()), `3. instance ${port} committed its queued reports and closed the database before exiting`);
    const restarting = Date.now();
    await start(port);
    steps.push(`${port}: stopped in ${(stoppedIn / 1000).toFixed(1)} s, serving again ${((Date.now() - restarting) / 1000).toFixed(1)} s later`);
    await sleep(5_000);
  }
  going = false;
  await Promise.all([...writers, ...readers]);
  const seconds = (Date.now() - t0) / 1000;
  const reports = answers.filter((a) => a.kind === "report");
  const reads = answers.filter((a) => a.kind === "read");
  const cache = cacheRatio(accessLog().slice(logFrom));
  const acknowledged = reports.filter((a) => a.status === 201 || a.status === 200);
  const stored = await storedKeys();
  const lost = acknowledged.filter((a) => !stored.has(a.key!));
  const allowed = (a: Answer) => (a.status >= 200 && a.status < 300) || a.status === 429 || a.status === 503;
  console.log(`3. rolling restart in ${seconds.toFixed(0)} s: ${steps.join("; ")}`);
  console.log(`   reports: ${reports.length} sent (${(reports.length / seconds).toFixed(1)}/s), ${formatCounts(byStatus(reports))}; ${acknowledged.length} acknowledged, ${acknowledged.length - lost.length} of them stored`);
  console.log(`   reads: ${reads.length}, ${formatCounts(byStatus(reads))}; nginx's cache: ${cache.line}, hit ratio ${(cache.ratio * 100).toFixed(1)} %`);
  v.check(lost.length === 0, `3. no acknowledged report lost (${lost.length} missing of ${acknowledged.length})`);
  v.check(answers.every(allowed), `3. every answer 2xx, 429 or 503 (${formatCounts(byStatus(answers.filter((a) => !allowed(a))))} otherwise)`);
  v.check(acknowledged.length >= reports.length * 0.95, `3. the reports kept being taken (${acknowledged.length} of ${reports.length} acknowledged)`);
}

/** The cache statuses nginx logged for the public reads, and the hit ratio. */
function cacheRatio(accessLog: string): { line: string; ratio: number } {
  const counts = new Map<string, number>();
  for (const l of accessLog.split("\n")) {
    const [, method, , , cache] = l.split(" ");
    if (method !== "GET" || !cache || cache === "-") continue;
    counts.set(cache, (counts.get(cache) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const served = (counts.get("HIT") ?? 0) + (counts.get("UPDATING") ?? 0) + (counts.get("STALE") ?? 0);
  return { line: formatCounts(counts), ratio: total ? served / total : 0 };
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

runScript(main, 15 * 60_000);

import { randomUUID } from "node:crypto";
import type autocannon from "autocannon";
import { arg, clientAddress, percentile } from "@/bench/load";
import { ensureBuild, pgliteTarget, postgresTarget, startApp, type Target } from "@/bench/server";
import { timedLoad } from "@/bench/timed-load";

// npm run bench:reads [-- --seconds 30 --readers 200 --writes 200 --pglite]
// The viral-outage moment: 200 concurrent readers on the overview, a service
// page and /api/v1/timeline while reports arrive at 200/s, against the
// production build on PostgreSQL; then, as the ceiling, the same readers on a
// small static page of the same app, answered from the micro-cache as the
// pages are, under the same report load (so the ratio is mostly what the
// pages weigh: the table prints each answer's size). The reports and
// the reads come from CLIENTS addresses (X-Forwarded-For, honoured with
// TRUST_PROXY=1), as a crowd's do, so the rate limits (reports', and the
// read API's per address and minute, server/read-limit.ts) count a crowd
// instead of refusing one client's flood. Afterwards the stored reports
// must equal the 201 answers.

const SECONDS = arg("seconds", 30);
const READERS = arg("readers", 200);
const WRITES = arg("writes", 200);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const READ_PATHS = ["/", "/service/whatsapp", "/api/v1/timeline?service=whatsapp&connection=mobile"];
const CLIENTS = 50_000;
const GOAL_P95_MS = process.argv.includes("--pglite") ? 300 : 150;

const AREAS = ["karachi-south", "karachi-east", "lahore", "islamabad", "peshawar", "quetta"];
const pick = <T,>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const report = () =>
  JSON.stringify({ area: pick(AREAS), isp: pick(["zong", "jazz", "telenor", "ptcl"]), connection: "mobile", service: pick(["whatsapp", "youtube", "vpn"]), problem: "media_fails", clientReportId: randomUUID() });

// Every answer's time is kept (bench/timed-load.ts): the percentiles are exact.
type Row = { what: string; answers: number; rps: number; kib: number; p50: number; p95: number; p99: number; errors: number; non2xx: number };

function row(what: string, { result, ms }: { result: autocannon.Result; ms: number[] }): Row {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    what,
    answers: ms.length,
    rps: result.requests.average,
    // What an answer weighs (uncompressed: the load asks for no encoding), which is most of what a cached read costs.
    kib: result.throughput.total / Math.max(1, ms.length) / 1024,
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

type Phase = { reads: Row[]; writes: Row; created: number };

/** Reports at WRITES/s from a crowd while READERS read `paths` (split evenly), for SECONDS. */
async function phase(url: string, paths: readonly string[]): Promise<Phase> {
  let created = 0;
  const writer = timedLoad({
    url: `${url}/api/v1/reports`,
    method: "POST",
    // Enough connections that WRITES/s still go out when an answer takes half a second.
    connections: Math.max(20, Math.ceil(WRITES / 2)),
    overallRate: WRITES,
    duration: SECONDS,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: report(), headers: { ...req.headers, "x-forwarded-for": clientAddress(Math.floor(Math.random() * CLIENTS)) } }),
        onResponse: (status) => {
          if (status === 201) created++;
        },
      },
    ],
  });
  const readers = paths.map((p) =>
    timedLoad({
      url: `${url}${p}`,
      connections: Math.round(READERS / paths.length),
      duration: SECONDS,
      // Each read from one of the crowd: the micro-cache's key does not include the address, so this changes no cache hit.
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, "x-forwarded-for": clientAddress(Math.floor(Math.random() * CLIENTS)) } }) }],
    }),
  );
  const [w, ...rs] = await Promise.all([writer, ...readers]);
  return { writes: row("writes POST /api/v1/reports", w!), reads: rs.map((r, i) => row(`read ${paths[i]}`, r)), created };
}

async function run(target: Target, port: number) {
  const app = await startApp(target, port, { TRUST_PROXY: "1" });
  try {
    // Warm every path once (first render compiles templates, fills pools).
    for (const p of [...READ_PATHS, "/api/bench/static"]) await fetch(`${app.url}${p}`);
    const pages = await phase(app.url, READ_PATHS);
    const ceiling = await phase(app.url, ["/api/bench/static"]);
    await app.stop();
    const stored = await target.countReports();
    return { pages, ceiling, created: pages.created + ceiling.created, stored };
  } finally {
    await app.stop().catch(() => {});
    await target.cleanup();
  }
}

/** p95 over every read answer of a phase, all paths together. */
const readsP95 = (rows: Row[]) => Math.max(...rows.map((r) => r.p95));
const sum = (rows: Row[], f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);

async function main() {
  ensureBuild();
  const usePglite = process.argv.includes("--pglite");
  const target = usePglite ? await pgliteTarget() : await postgresTarget(PG_URL);
  if (!target) throw new Error("PostgreSQL is needed (BENCH_DATABASE_URL); pass --pglite to run on the embedded store");
  const r = await run(target, 3211);
  console.log(`\n${target.name}, ${SECONDS} s a phase, ${READERS} concurrent readers, reports at ${WRITES}/s from ${CLIENTS.toLocaleString("en")} addresses\n`);
  console.log("| phase | what | answers | req/s | KiB each | p50 ms | p95 ms | p99 ms | errors | non-2xx |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, p] of [["pages", r.pages], ["ceiling", r.ceiling]] as const) {
    for (const x of [...p.reads, p.writes]) console.log(`| ${name} | ${x.what} | ${x.answers} | ${x.rps.toFixed(0)} | ${x.kib.toFixed(1)} | ${x.p50} | ${x.p95} | ${x.p99} | ${x.errors} | ${x.non2xx} |`);
  }
  const readRps = sum(r.pages.reads, (x) => x.rps);
  const staticRps = sum(r.ceiling.reads, (x) => x.rps);
  console.log(`\nread throughput ${readRps.toFixed(0)} req/s = ${((100 * readRps) / staticRps).toFixed(0)} % of the static page's ${staticRps.toFixed(0)} req/s under the same report load`);
  for (const [name, p] of [["pages", r.pages], ["ceiling", r.ceiling]] as const) {
    console.log(`${name}: reports ${p.created} answered 201 of ${p.writes.answers} (${(p.created / SECONDS).toFixed(0)}/s stored), ${p.writes.non2xx} refused or failed`);
  }
  const p95 = readsP95(r.pages.reads);
  const failed = sum(r.pages.reads, (x) => x.errors + x.non2xx) + r.pages.writes.errors;
  console.log(`goal: reads p95 ≤ ${GOAL_P95_MS} ms with 0 errors: p95 ${p95} ms (the slowest path), ${failed} errors or non-2xx reads — ${p95 <= GOAL_P95_MS && failed === 0 ? "met" : "NOT met"}`);
  const lost = r.created - r.stored;
  console.log(`reports: ${r.created} answered 201, ${r.stored} stored (${r.stored - r.created} in flight at the deadline) — ${lost > 0 ? "LOST REPORTS" : "none lost"}`);
  if (lost > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { arg } from "@/bench/load";
import { ensureBuild, pgliteTarget, postgresTarget, startApp, type Target } from "@/bench/server";

// npm run bench:reads [-- --seconds 30 --readers 200 --writes 200 --pglite]
// The viral-outage moment: 200 concurrent readers on the overview, a service
// page and /api/v1/timeline while reports arrive at 200/s, against the
// production build on PostgreSQL; then a static page of the same app alone,
// as the ceiling. Afterwards the stored reports must equal the 201 answers.

const SECONDS = arg("seconds", 30);
const READERS = arg("readers", 200);
const WRITES = arg("writes", 200);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const READ_PATHS = ["/", "/service/whatsapp", "/api/v1/timeline?service=whatsapp&connection=mobile"];

const AREAS = ["karachi-south", "karachi-east", "lahore", "islamabad", "peshawar", "quetta"];
const pick = <T,>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const report = () =>
  JSON.stringify({ area: pick(AREAS), isp: pick(["zong", "jazz", "telenor", "ptcl"]), connection: "mobile", service: pick(["whatsapp", "youtube", "vpn"]), problem: "media_fails", clientReportId: randomUUID() });

// autocannon reports p90 and p97.5, not p95: the goal's p95 lies between them.
type Row = { what: string; rps: number; p50: number; p90: number; p97: number; p99: number; errors: number; non2xx: number };
const row = (what: string, r: autocannon.Result): Row => ({
  what,
  rps: r.requests.average,
  p50: r.latency.p50,
  p90: r.latency.p90,
  p97: r.latency.p97_5,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts,
  non2xx: r.non2xx,
});

async function run(target: Target, port: number) {
  const app = await startApp(target, port);
  try {
    // Warm every path once (first render compiles templates, fills pools).
    for (const p of READ_PATHS) await fetch(`${app.url}${p}`);
    let created = 0;
    const writer = autocannon({
      url: `${app.url}/api/v1/reports`,
      method: "POST",
      connections: 20,
      overallRate: WRITES,
      duration: SECONDS,
      headers: { "content-type": "application/json" },
      requests: [{ setupRequest: (req) => ({ ...req, body: report() }), onResponse: (status) => { if (status === 201) created++; } }],
    });
    const readers = READ_PATHS.map((p) => autocannon({ url: `${app.url}${p}`, connections: Math.round(READERS / READ_PATHS.length), duration: SECONDS }));
    const [w, ...rs] = await Promise.all([writer, ...readers]);
    const staticPage = await autocannon({ url: `${app.url}/api/bench/static`, connections: READERS, duration: Math.min(SECONDS, 15) });
    await app.stop();
    const stored = await target.countReports();
    const rows = [row("writes POST /api/v1/reports", w!), ...rs.map((r, i) => row(`read ${READ_PATHS[i]}`, r)), row("static page (ceiling)", staticPage)];
    const readRps = rs.reduce((n, r) => n + r.requests.average, 0);
    return { rows, readRps, staticRps: staticPage.requests.average, created, stored };
  } finally {
    await app.stop().catch(() => {});
    await target.cleanup();
  }
}

async function main() {
  ensureBuild();
  const usePglite = process.argv.includes("--pglite");
  const target = usePglite ? await pgliteTarget() : await postgresTarget(PG_URL);
  if (!target) throw new Error("PostgreSQL is needed (BENCH_DATABASE_URL); pass --pglite to run on the embedded store");
  const r = await run(target, 3211);
  console.log(`\n${target.name}, ${SECONDS} s, ${READERS} concurrent readers over ${READ_PATHS.length} paths, reports at ${WRITES}/s\n`);
  console.log("| what | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms | errors | non-2xx |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const x of r.rows) console.log(`| ${x.what} | ${x.rps.toFixed(0)} | ${x.p50} | ${x.p90} | ${x.p97} | ${x.p99} | ${x.errors} | ${x.non2xx} |`);
  console.log(`\nread throughput ${r.readRps.toFixed(0)} req/s = ${((100 * r.readRps) / r.staticRps).toFixed(0)} % of the static page's ${r.staticRps.toFixed(0)} req/s`);
  const lost = r.created - r.stored;
  console.log(`reports: ${r.created} answered 201, ${r.stored} stored (${r.stored - r.created} in flight at the deadline) — ${lost > 0 ? "LOST REPORTS" : "none lost"}`);
  if (lost > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

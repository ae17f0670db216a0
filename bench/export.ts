import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import pg from "pg";
import { query } from "@/bench/server";
import { bootDatabase } from "@/db/boot";
import { bulkInsertReports, type BulkReport } from "@/db/bulk-load";
import { openDatabase } from "@/db/client";
import { exportBody } from "@/db/queries/export";
import { sealFinishedHours } from "@/db/jobs/seal-hours";
import { verifyDatabase } from "@/db/seals/verify-database";
import { parseExportQuery } from "@/lib/export/export-params";
import { spool } from "@/lib/export/spool";
import { randomUuid, seededRandom } from "@/lib/random";
import { DISTRICTS, ISPS, SERVICES } from "@/lib/reference";
import { PROBLEMS } from "@/lib/reports/vocabulary";

// npm run bench:export [-- --rows 1000000] [--keep]
//
// Exports and seals at the scale of a busy month on PostgreSQL: loads --rows
// synthetic reports (default 1 M) received over the 31 days before the last
// full hour into `dw_bench_export` next to BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test), then, each in a fresh process so
// its peak RSS is its own: exports of 1 hour, 1 day, 7 days and 31 days as
// CSV and JSON (the route's path: keyset pages → spool file while hashing →
// read back), the seal job catching up on all 744 hours, and verify over the
// database. Prints rows, bytes, time and peak RSS: flat memory means the
// 31-day export peaks where the 1-hour one does. The database is dropped
// afterwards unless --keep, which keeps it for the next run to reuse.

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
};
const ROWS = Number(arg("rows") ?? 1_000_000);
const BASE = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const NAME = "dw_bench_export";
const url = (() => {
  const u = new URL(BASE);
  u.pathname = `/${NAME}`;
  return u.toString();
})();
const DAY = 86_400_000;
const END = Math.floor(Date.now() / 3600_000) * 3600_000 - 3600_000;
const START = END - 31 * DAY;

type Measure = { rows?: number; bytes?: number; hours?: number; ms: number; peakRssMb: number };

async function child(kind: string, days: number, format: string): Promise<Measure> {
  const handle = await openDatabase({ kind: "postgres", url, poolSize: 2 });
  const t0 = performance.now();
  const out: Partial<Measure> = {};
  if (kind === "export") {
    const params = new URLSearchParams({ format, from: new Date(END - days * DAY).toISOString(), to: new Date(END).toISOString() });
    const counter = { rows: 0 };
    const spooled = await spool(exportBody(handle.db, parseExportQuery(params), counter));
    // Read it back as the route sends it, and check the digest on the way.
    const hash = createHash("sha256");
    const reader = spooled.body().getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) hash.update(r.value);
    if (!hash.digest().equals(spooled.sha256)) throw new Error("digest differs from the body");
    Object.assign(out, { rows: counter.rows, bytes: spooled.bytes });
  } else if (kind === "seal") {
    await handle.db.execute(sql`truncate seals`);
    const run = await sealFinishedHours(handle.db, new Date(END + 3600_000));
    out.hours = run.sealed;
  } else {
    const check = await verifyDatabase(handle.db);
    if (!check.ok) throw new Error(`verify: ${JSON.stringify(check)}`);
    out.hours = check.hours;
  }
  const ms = performance.now() - t0;
  await handle.close();
  return { ...out, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

function* synthetic(n: number): Generator<BulkReport> {
  const random = seededRandom(2024_11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  for (let i = 0; i < n; i++) {
    const received = START + Math.floor((i / n) * 31 * DAY + random() * 1000);
    const isp = pick(ISPS);
    yield {
      receivedAt: new Date(received),
      observedAt: new Date(received - Math.floor(random() * 3600_000)),
      area: pick(DISTRICTS).slug,
      isp: isp.slug,
      service: pick(SERVICES).slug,
      connection: isp.kind === "fixed" ? "fixed" : "mobile",
      problem: pick(PROBLEMS),
      speedKbps: random() < 0.2 ? Math.floor(random() * 5000) : null,
      comment: random() < 0.05 ? "synthetic comment" : null,
      viaVpn: random() < 0.1,
      source: "web",
      clientKey: randomUuid(random),
      idempotencyKey: randomUuid(random),
    };
  }
}

async function prepare() {
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [NAME])).rowCount === 1;
  let rows = 0;
  if (exists && argv.includes("--keep")) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    rows = Number((await c.query("select count(*) from reports")).rows[0].count);
    await c.end();
  }
  if (rows !== ROWS) {
    await admin.query(`drop database if exists ${NAME} with (force)`);
    await admin.query(`create database ${NAME}`);
    const handle = await bootDatabase({ kind: "postgres", url });
    const t0 = performance.now();
    await bulkInsertReports(handle.db, synthetic(ROWS));
    await handle.db.execute(sql`analyze reports`);
    console.log(`Loaded ${ROWS.toLocaleString("en")} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await handle.close();
  } else {
    await (await bootDatabase({ kind: "postgres", url })).close();
    console.log(`Reusing ${NAME} (${rows.toLocaleString("en")} reports)`);
  }
  await admin.end();
}

async function main() {
  if (argv[0] === "--child") {
    process.stdout.write(JSON.stringify(await child(argv[1]!, Number(argv[2]), argv[3]!)));
    return;
  }
  await prepare();
  try {
    await measure();
  } finally {
    // A million rows on a shared server: kept only when asked for (--keep), to be reused.
    if (!argv.includes("--keep")) await query(BASE, `drop database if exists ${NAME} with (force)`);
  }
}

async function measure() {
  const run = async (kind: string, days = 0, format = "-") => {
    const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, process.argv[1]!, "--child", kind, String(days), format], {
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout) as Measure;
  };
  console.log(`\nPostgreSQL, ${ROWS.toLocaleString("en")} reports over 31 days; each line a fresh process\n`);
  console.log("| what | rows | bytes | time | peak RSS |\n| --- | ---: | ---: | ---: | ---: |");
  const line = (what: string, m: Measure) =>
    console.log(`| ${what} | ${m.rows?.toLocaleString("en") ?? (m.hours !== undefined ? `${m.hours} hours` : "")} | ${m.bytes !== undefined ? `${(m.bytes / 1e6).toFixed(1)} MB` : ""} | ${(m.ms / 1000).toFixed(2)} s | ${m.peakRssMb.toFixed(0)} MB |`);
  for (const format of ["csv", "json"]) {
    for (const [label, days] of [["1 hour", 1 / 24], ["1 day", 1], ["7 days", 7], ["31 days", 31]] as const) {
      line(`export ${format}, ${label}`, await run("export", days, format));
    }
  }
  line("seal job, catching up 31 days", await run("seal"));
  line("verify --database, 31 days", await run("verify"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

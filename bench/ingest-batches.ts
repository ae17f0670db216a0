import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { arg, randomReport } from "@/bench/load";
import { bootDatabase } from "@/db/boot";
import type { DatabaseConfig } from "@/db/client";
import { GroupCommit } from "@/db/ingest";
import { DEFAULT_LIMITS } from "@/lib/abuse/limits";
import { parseReport, type ValidReport } from "@/lib/reports/report-schema";

// npm run bench:ingest-batches [-- --batches 300 --size 50 --per-client 1]
// The ingest transaction alone, without HTTP: batches of reports written one
// after another through the group commit, on
// PGlite (a data folder, as `npm start` runs) and PostgreSQL. Prints the time
// per batch, so a change to the statements of db/ingest.ts can be measured
// without the noise of the web server around it. Clients are distinct unless
// --per-client N: then N reports in a row share a client key, as reporters
// behind one carrier-grade NAT address do.

const BATCHES = arg("batches", 300);
const SIZE = arg("size", 50);
const PER_CLIENT = Math.max(1, arg("per-client", 1));
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

function report(): ValidReport {
  const parsed = parseReport(randomReport());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.report;
}

async function run(name: string, config: DatabaseConfig) {
  const handle = await bootDatabase(config);
  try {
    const ingest = new GroupCommit(handle.db, { limits: DEFAULT_LIMITS });
    let client = 0;
    const batch = () => Promise.all(Array.from({ length: SIZE }, () => ingest.submit({ report: report(), source: "api", clientKey: `bench-${Math.floor(client++ / PER_CLIENT)}` })));
    for (let i = 0; i < 20; i++) await batch(); // warm-up
    const times: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < BATCHES; i++) {
      const start = performance.now();
      await batch();
      times.push(performance.now() - start);
    }
    const used = process.cpuUsage(cpu);
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const cpuPerReport = (used.user + used.system) / (BATCHES * SIZE);
    console.log(`| ${name} | ${SIZE} | ${mean.toFixed(2)} | ${q(0.5).toFixed(2)} | ${q(0.99).toFixed(2)} | ${((SIZE * 1000) / mean).toFixed(0)} | ${cpuPerReport.toFixed(0)} |`);
  } finally {
    await handle.close();
  }
}

async function admin(text: string) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function main() {
  console.log(`${BATCHES} batches of ${SIZE} reports, one after another, ${PER_CLIENT} in a row per client (${os.cpus().length} cores)\n`);
  // CPU is this process's own: all of the work on PGlite (it runs here), only
  // the client's share on PostgreSQL. Less disturbed by a busy machine than time.
  console.log("| store | reports per batch | mean ms | p50 ms | p99 ms | reports/s | CPU µs per report |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-batches-"));
  try {
    await run("PGlite", { kind: "pglite", dataDir: dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const name = `dw_bench_batches_${process.pid}`;
  try {
    await admin(`create database ${name}`);
  } catch (error) {
    console.log(`(no PostgreSQL at ${PG_URL}: ${(error as Error).message})`);
    return;
  }
  try {
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    await run("PostgreSQL", { kind: "postgres", url: url.toString(), poolSize: 4 });
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { createServer } from "node:http";
import next from "next";
import { bootDatabase, createRuntime, databaseConfig } from "@/db/boot";
import { DataFolderLockedError } from "@/db/client";
import { setRuntime } from "@/db/runtime";
import { env } from "@/lib/env";
import { seedDemo } from "@/db/seed/demo";
import { startEventLoopMonitor } from "@/lib/http/event-loop-lag";
import { requestListener } from "@/server/request-listener";
import { jobsFor } from "@/db/jobs";
import { startJobs } from "@/db/jobs/scheduler";

// The production (and development) entry: open and migrate the database,
// then listen. `npm start` builds first when needed (scripts/start.ts).

const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const demo = args.has("--demo");

async function main() {
  startEventLoopMonitor();
  const config = env();
  const dbConfig = demo
    ? { kind: "pglite" as const, dataDir: process.env.DEMO_DATA_DIR ?? "./data-demo" }
    : databaseConfig(config);
  const where = dbConfig.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${"dataDir" in dbConfig ? dbConfig.dataDir : "memory"}`;
  console.log(`> Opening ${where}…`);
  const handle = await bootDatabase(dbConfig);
  if (demo) {
    console.log("> Demo: filling the database with synthetic reports (first start only)…");
    const seeded = await seedDemo(handle.db);
    console.log(seeded.skipped ? "> Demo data already present." : `> Demo: ${seeded.inserted} synthetic reports written.`);
  }
  const runtime = await createRuntime(handle);
  setRuntime(runtime);

  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  const handleRequest = app.getRequestHandler();
  await app.prepare();

  const server = createServer(requestListener({ render: (req, res) => handleRequest(req, res), trustProxy: config.TRUST_PROXY, lastStorageFailure: handle.lastStorageFailure }));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  console.log(`> Disruption Watch on http://localhost:${config.PORT} (${dev ? "development" : "production"}, ${where}${runtime.demo ? ", synthetic demo data" : ""})`);

  // Scheduled work (db/jobs): every instance runs the timers; an advisory
  // lock lets one of them do each run.
  const jobs = startJobs(handle.db, jobsFor(handle.kind));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`> ${signal}: finishing pending reports and closing the database…`);
    server.close();
    server.closeIdleConnections();
    await jobs.stop();
    await runtime.ingest.drain();
    await app.close().catch(() => {});
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof DataFolderLockedError) console.error(`\n${error.message}\n`);
  else console.error(error);
  process.exit(1);
});

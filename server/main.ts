import { createServer } from "node:http";
import next from "next";
import { bootDatabase, createRuntime, databaseConfig } from "@/db/boot";
import { DataFolderLockedError } from "@/db/client";
import { setRuntime } from "@/db/runtime";
import { env } from "@/lib/env";
import { seedDemo } from "@/db/seed/demo";
import { startEventLoopMonitor } from "@/lib/http/event-loop-lag";
import { readLimit } from "@/server/read-limit";
import { requestListener } from "@/server/request-listener";
import { jobsFor } from "@/db/jobs";
import { startJobs } from "@/db/jobs/scheduler";
import { log } from "@/lib/ops/log";
import { collectProcessMetrics } from "@/lib/ops/metrics";

// The production (and development) entry: open and migrate the database,
// then listen. `npm start` builds first when needed (scripts/start.ts).

const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const demo = args.has("--demo");

async function main() {
  startEventLoopMonitor();
  const config = env();
  if (config.METRICS_TOKEN) collectProcessMetrics();
  const dbConfig = demo
    ? { kind: "pglite" as const, dataDir: process.env.DEMO_DATA_DIR ?? "./data-demo" }
    : databaseConfig(config);
  const where = dbConfig.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${"dataDir" in dbConfig ? dbConfig.dataDir : "memory"}`;
  log().info({ database: dbConfig.kind }, `opening ${where}`);
  const handle = await bootDatabase(dbConfig);
  if (demo) {
    log().info("demo: filling the database with synthetic reports (first start only)");
    const seeded = await seedDemo(handle.db);
    log().info({ inserted: seeded.skipped ? 0 : seeded.inserted }, seeded.skipped ? "demo data already present" : "demo: synthetic reports written");
  }
  const runtime = await createRuntime(handle);
  setRuntime(runtime);

  // Next's own idea of its address is only for the URLs it builds inside:
  // middleware rewrites (the language routing) count as internal only when
  // they name "localhost", so it is that whatever HOST the server binds
  // (HOST=127.0.0.1 behind a proxy turned every page into a redirect to itself).
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: config.PORT });
  const handleRequest = app.getRequestHandler();
  await app.prepare();

  const server = createServer(
    requestListener({
      render: (req, res) => handleRequest(req, res),
      trustProxy: config.TRUST_PROXY,
      lastStorageFailure: handle.lastStorageFailure,
      metricsToken: config.METRICS_TOKEN,
      readLimit: readLimit({ db: handle.db, anonymousPerMinute: config.READ_RATE_LIMIT_PER_MINUTE }),
    }),
  );
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  log().info({ port: config.PORT, mode: dev ? "development" : "production", database: dbConfig.kind, demo: runtime.demo }, `Disruption Watch on http://localhost:${config.PORT}`);

  // Scheduled work (db/jobs): every instance runs the timers; an advisory
  // lock lets one of them do each run.
  const jobs = startJobs(handle.db, jobsFor(handle.kind));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal }, "stopping: finishing pending reports and closing the database");
    server.close();
    server.closeIdleConnections();
    await jobs.stop();
    await runtime.ingest.drain();
    await app.close().catch(() => {});
    await handle.close();
    log().info("stopped");
    log().flush();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof DataFolderLockedError) console.error(`\n${error.message}\n`);
  else log().fatal({ error: error instanceof Error ? error.stack : String(error) }, "could not start");
  process.exit(1);
});

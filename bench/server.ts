import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { onCleanup } from "@/bench/cleanup";

// Shared by the benchmarks: the production build, started as `npm start`
// starts it, on a throw-away PGlite folder or PostgreSQL database.

const root = process.cwd();

export function ensureBuild() {
  execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

export type Target = {
  name: "PGlite" | "PostgreSQL";
  env: Record<string, string>;
  cleanup: () => Promise<void>;
  countReports: () => Promise<number>;
  /** The clientReportId (idempotency key) of every stored report. PGlite: only while no app has the folder. */
  storedKeys: () => Promise<Set<string>>;
  /** PostgreSQL: the database's URL. */
  url?: string;
};

export async function pgliteTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-bench-"));
  return {
    name: "PGlite",
    env: { DATA_DIR: dir },
    countReports: async () => {
      const { reports } = await import("@/db/schema");
      const { count } = await import("drizzle-orm");
      return withPglite(dir, async (db) => {
        const [row] = await db.select({ n: count() }).from(reports);
        return Number(row?.n ?? 0);
      });
    },
    storedKeys: async () => {
      const { reports } = await import("@/db/schema");
      return withPglite(dir, async (db) => new Set((await db.select({ key: reports.idempotencyKey }).from(reports)).map((r) => r.key)));
    },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function withPglite<T>(dataDir: string, use: (db: import("@/db/client").Db) => Promise<T>): Promise<T> {
  const { openDatabase } = await import("@/db/client");
  const handle = await openDatabase({ kind: "pglite", dataDir });
  try {
    return await use(handle.db);
  } finally {
    await handle.close();
  }
}

export async function postgresTarget(baseUrl: string): Promise<Target | undefined> {
  const name = `dw_bench_${randomBytes(4).toString("hex")}`;
  try {
    await admin(baseUrl, `create database ${name}`);
  } catch (error) {
    console.warn(`PostgreSQL at ${baseUrl} not reachable (${(error as Error).message}); skipping it.`);
    return undefined;
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return existingPostgresTarget(url.toString(), () => admin(baseUrl, `drop database if exists ${name} with (force)`));
}

/** A PostgreSQL database given by URL; `cleanup` is what to do afterwards (nothing by default). */
export function existingPostgresTarget(url: string, cleanup: () => Promise<void> = async () => {}): Target {
  return {
    name: "PostgreSQL",
    url,
    env: { DATABASE_URL: url },
    countReports: async () => Number((await query<{ n: string }>(url, "select count(*) as n from reports"))[0]?.n ?? 0),
    storedKeys: async () => new Set((await query<{ key: string }>(url, "select idempotency_key as key from reports")).map((r) => r.key)),
    cleanup,
  };
}

/** One query on a short-lived connection. */
export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function admin(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export type RunningApp = {
  url: string;
  /** SIGTERM, as a service manager stops it; resolves when it has exited. */
  stop: () => Promise<void>;
  /** The server process itself (`npm start` runs it under tsx, which runs it in a child process). */
  serverPid: () => number;
  /** Resolves when the app has exited (killed or stopped). */
  exited: Promise<void>;
  log: () => string;
};

/**
 * Starts the production server entry as `npm start` does (tsx server/main.ts)
 * and waits until /api/health answers. The app is stopped by the cleanup of
 * bench/cleanup.ts if the script ends without stopping it.
 */
export async function startApp(target: Target, port: number, extraEnv: Record<string, string> = {}, args: string[] = []): Promise<RunningApp> {
  const inherited = { ...process.env };
  // A DATABASE_URL in the caller's environment must not turn a PGlite target into PostgreSQL.
  if (target.name === "PGlite") delete inherited.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "server/main.ts", ...args], {
    env: { ...inherited, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), ...target.env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = onCleanup(`app on port ${port}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  });
  const deadline = Date.now() + 180_000; // a loaded 2-core machine can take a minute to migrate and load reference data
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`app exited early:\n${log}`);
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`app did not become healthy:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, exited, log: () => log, serverPid: () => serverPid(child.pid!) };
}

// tsx runs the script in a child node process and relays signals to it; a
// crash is simulated on that child, or the wrapper's death would leave the
// server running. Linux: read from /proc.
function serverPid(wrapper: number): number {
  if (!fs.existsSync("/proc/self/stat")) throw new Error("finding the server process needs Linux /proc");
  const children = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // Fields after the command name (which may hold spaces): state, ppid, …
        const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === wrapper;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number)
    .filter((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").some((a) => a.endsWith("server/main.ts")));
  if (children.length !== 1) throw new Error(`expected one server process under tsx (pid ${wrapper}), found ${children.length}`);
  return children[0]!;
}

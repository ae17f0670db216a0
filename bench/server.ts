import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// Shared by the benchmarks: the production build, started as `npm start`
// starts it, on a throw-away PGlite folder or PostgreSQL database.

const root = process.cwd();

export function ensureBuild() {
  execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

export type Target = { name: "PGlite" | "PostgreSQL"; env: Record<string, string>; cleanup: () => Promise<void>; countReports: () => Promise<number> };

export async function pgliteTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-bench-"));
  return {
    name: "PGlite",
    env: { DATA_DIR: dir },
    countReports: async () => {
      const { openDatabase } = await import("@/db/client");
      const { reports } = await import("@/db/schema");
      const { count } = await import("drizzle-orm");
      const handle = await openDatabase({ kind: "pglite", dataDir: dir });
      try {
        const [row] = await handle.db.select({ n: count() }).from(reports);
        return Number(row?.n ?? 0);
      } finally {
        await handle.close();
      }
    },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
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
  return {
    name: "PostgreSQL",
    env: { DATABASE_URL: url.toString() },
    countReports: async () => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const res = await client.query<{ n: string }>("select count(*) as n from reports");
        return Number(res.rows[0]?.n ?? 0);
      } finally {
        await client.end();
      }
    },
    cleanup: () => admin(baseUrl, `drop database if exists ${name} with (force)`),
  };
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

export type RunningApp = { url: string; stop: () => Promise<void> };

export async function startApp(target: Target, port: number, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "server/main.ts"], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), ...target.env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000; // a loaded 2-core machine can take a minute to migrate and load reference data
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app did not become healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

import { execFile, execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { onCleanup } from "@/bench/cleanup";

// A throw-away PostgreSQL server (initdb in a temporary folder, its own port)
// for tests that stop and restart the database: the shared server on 5432
// must never be touched. PostgreSQL refuses to run as root, so as root the
// server runs as the `postgres` user (runuser). Removed by the cleanup of
// bench/cleanup.ts however the script ends. Every call to pg_ctl is
// asynchronous: tsx kills a script outright (SIGKILL) when its event loop does
// not take a Ctrl-C within a few tens of milliseconds, and then nothing would
// be cleaned up.

export type PgCluster = {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: backends are terminated, the server is down. */
  stop: () => Promise<void>;
  /** `pg_ctl start`; resolves when a connection succeeds, with that moment (ms since the epoch). */
  start: () => Promise<number>;
  /** `pg_ctl restart -m fast`; resolves when a connection succeeds, with that moment. */
  restart: () => Promise<number>;
  /** Stops the server (immediate) and deletes its folder. */
  destroy: () => Promise<void>;
};

export class MissingPrerequisite extends Error {}

/** The folder of initdb and pg_ctl: PG_BINDIR, `pg_config --bindir`, the newest /usr/lib/postgresql/<v>/bin, or the PATH. */
export function postgresBinDir(): string {
  const has = (dir: string) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"));
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    // no pg_config (libpq-dev): look where Debian installs the server
  }
  if (fs.existsSync("/usr/lib/postgresql")) {
    const versions = fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  for (const dir of (process.env.PATH ?? "").split(":")) candidates.push(dir);
  const found = candidates.find((d) => d && has(d));
  if (!found) {
    throw new MissingPrerequisite(
      "PostgreSQL server programs (initdb, pg_ctl) not found. Install the server (Debian: apt-get install postgresql) or set PG_BINDIR to their folder.",
    );
  }
  return found;
}

export async function startPgCluster(port: number): Promise<PgCluster> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
    const uid = id("-u");
    if (uid.status !== 0) throw new MissingPrerequisite("Running as root, and PostgreSQL will not run as root: a `postgres` user is needed (the postgresql package creates it).");
    if (spawnSync("runuser", ["--help"]).error) throw new MissingPrerequisite("Running as root: `runuser` (util-linux) is needed to run PostgreSQL as the postgres user.");
    owner = { uid: Number(uid.stdout.trim()), gid: Number(id("-g").stdout.trim()) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-pg-"));
  const removeDir = onCleanup(`PostgreSQL folder ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");

  const run = (program: string, args: string[], allowFailure = false) =>
    new Promise<void>((resolve, reject) => {
      const [file, argv] = owner ? ["runuser", ["-u", "postgres", "--", path.join(bin, program), ...args]] : [path.join(bin, program), args];
      execFile(file, argv, { cwd: dir }, (error, stdout, stderr) => {
        if (!error || allowFailure) return resolve();
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "";
        reject(new Error(`${program} ${args.join(" ")} failed (${error.code}):\n${stderr}${stdout}\n${log}`));
      });
    });

  await run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
  // Its own port, socket folder and log; small, since it holds one test's data.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB`;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  const ready = async (): Promise<number> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      client.on("error", () => {});
      try {
        await client.connect();
        await client.query("select 1");
        const at = Date.now();
        await client.end();
        return at;
      } catch {
        await client.end().catch(() => {});
        if (Date.now() > deadline) throw new Error(`PostgreSQL on port ${port} did not come up:\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  };
  // -W: do not wait; `ready` polls every 25 ms, closer than pg_ctl's own wait.
  const start = async () => {
    await run("pg_ctl", ["start", "-W", "-D", data, "-l", logFile, "-o", options]);
    return ready();
  };
  const stop = () => run("pg_ctl", ["stop", "-w", "-m", "fast", "-D", data]);
  const restart = async () => {
    await run("pg_ctl", ["restart", "-W", "-m", "fast", "-D", data, "-l", logFile, "-o", options]);
    return ready();
  };
  const stopServer = onCleanup(`PostgreSQL on port ${port}`, async () => {
    if (fs.existsSync(path.join(data, "postmaster.pid"))) await run("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", data], true);
  });
  await start();
  return {
    url,
    port,
    stop,
    start,
    restart,
    destroy: async () => {
      await stopServer();
      await removeDir();
    },
  };
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "@/db/schema";
import { isStorageFailure } from "@/lib/storage-failure";
import { log } from "@/lib/ops/log";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  /** Applies the drizzle-kit migrations in db/migrations. */
  migrate: () => Promise<void>;
  /** Closes the connection (and releases the data-folder lock for PGlite). */
  close: () => Promise<void>;
  /**
   * When a connection or query last failed for want of the database (down,
   * restarting, unreachable), in ms since the epoch; 0 if never. PGlite lives
   * in the process and cannot be unreachable: always 0.
   */
  lastStorageFailure: () => number;
  /** PGlite on a folder: the whole data folder as one tarball (npm run backup). */
  dumpDataDir?: () => Promise<Blob>;
};

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");
// Any constant will do; it only has to be the same for every app instance.
const MIGRATION_LOCK_ID = 7_262_024;

export type DatabaseConfig =
  | { kind: "postgres"; url: string; poolSize?: number; queryTimeoutMs?: number }
  | { kind: "pglite"; dataDir: string; /** A tarball from dumpDataDir to start a new folder from (npm run restore). */ loadDataDir?: Blob }
  | { kind: "pglite-memory" };

export class DataFolderLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The data folder ${dataDir} is in use by another Disruption Watch process. ` +
        `PGlite allows one process per folder; stop the other process or set DATA_DIR to another folder.`,
    );
    this.name = "DataFolderLockedError";
  }
}

/**
 * The one place that knows PGlite from node-postgres. Callers get a Drizzle
 * PgDatabase and a close function. Never called on import: the server entry,
 * scripts and test setup call it.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === "postgres") return openPostgres(config.url, config.poolSize ?? 10, config.queryTimeoutMs);
  if (config.kind === "pglite-memory") return openPglite(undefined);
  return openPglite(config.dataDir, config.loadDataDir);
}

async function openPostgres(url: string, poolSize: number, queryTimeoutMs: number | undefined): Promise<DatabaseHandle> {
  const { Pool, Client } = await import("pg");
  let lastStorageFailure = 0;
  const observe = (error: unknown) => {
    if (isStorageFailure(error)) lastStorageFailure = Date.now();
  };
  // After a query timeout node-postgres gives up on the query but keeps the
  // connection, whose next queries then queue behind the one that never
  // answers: the pool would hand out a dead connection until TCP noticed,
  // minutes later. Dropping the socket makes the pool replace it at once.
  class DroppingClient extends Client {
    constructor(config?: ConstructorParameters<typeof Client>[0]) {
      super(config);
      // A connection that dies while checked out must not crash the process;
      // the query in progress gets the error, the pool discards the client.
      this.on("error", () => {});
      // Wrapped per instance: query()'s many overloads cannot be overridden
      // one by one, and only the promise form (what Drizzle uses) matters.
      // Failures are also noted for lastStorageFailure: the pool connects
      // with a callback, Drizzle queries with promises.
      const query = this.query.bind(this) as (...a: unknown[]) => unknown;
      const connect = this.connect.bind(this) as (...a: unknown[]) => unknown;
      Object.assign(this, {
        connect: (...a: unknown[]) => {
          const [callback] = a;
          if (typeof callback === "function") {
            return connect((error: unknown) => {
              observe(error);
              (callback as (e: unknown) => void)(error);
            });
          }
          const result = connect(...a);
          if (result instanceof Promise) result.catch(observe);
          return result;
        },
        query: (...a: unknown[]) => {
          // pool.query() passes a callback; Drizzle's own queries use the promise.
          const last = a.length - 1;
          if (typeof a[last] === "function") {
            const callback = a[last] as (error: unknown, result: unknown) => void;
            a[last] = (error: unknown, result: unknown) => {
              if (error) observe(error);
              callback(error, result);
            };
          }
          const result = query(...a);
          if (result instanceof Promise) {
            result.catch((error: unknown) => {
              observe(error);
              if (error instanceof Error && error.message === "Query read timeout") this.connection.stream.destroy();
            });
          }
          return result;
        },
      });
    }
  }
  const { drizzle } = await import("drizzle-orm/node-postgres");
  // The app's reads are short aggregates over the rollups; PostgreSQL's JIT
  // compiles them anyway once their cost estimate is high, which adds tens to
  // hundreds of milliseconds and saves nothing (bench/queries.ts). Session
  // options given in the URL (`?options=-c …`) still apply, after this one.
  const parsed = new URL(url);
  const options = ["-c jit=off", parsed.searchParams.get("options")].filter(Boolean).join(" ");
  parsed.searchParams.delete("options");
  const pool = new Pool({
    Client: DroppingClient,
    connectionString: parsed.toString(),
    options,
    max: poolSize,
    // Fail fast while the server is down or restarting: a report must get a
    // 503 in seconds, never hang (see db/ingest.ts).
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // A server that stops answering mid-query (a network cut, a frozen host)
    // would otherwise hold the request until TCP gives up, minutes later.
    // Client-side, so it also covers a server that cannot cancel anything;
    // the server entry sets it (DB_QUERY_TIMEOUT_MS), scripts that run long
    // aggregates (the benchmarks) do not.
    ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = drizzle(pool, { schema });
  // Drizzle's transaction on a pool sends BEGIN before its try/finally, so a
  // BEGIN that fails (the server restarting, a dead pooled connection) never
  // releases its client: ten of those and the pool is empty for good, and the
  // app would not recover from an outage. Here we check the client out and
  // always give it back — with the error when the connection failed, so the
  // pool discards it instead of handing it out again.
  const transaction: typeof db.transaction = async (run, config) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await drizzle(client, { schema }).transaction(run, config);
    } catch (error) {
      if (isStorageFailure(error)) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  };
  Object.assign(db, { transaction });
  const migrate = async () => {
    const { migrate: run } = await import("drizzle-orm/node-postgres/migrator");
    // Several instances may start at once: one migrates, the others wait.
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
      await run(drizzle(client, { schema }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
      client.release();
    }
  };
  return { db, kind: "postgres", migrate, close: () => pool.end(), lastStorageFailure: () => lastStorageFailure };
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const { drizzle } = await import("drizzle-orm/pglite");
  const { PgliteThread } = await import("@/db/pglite-thread");
  let release: (() => Promise<void>) | undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    release = await lockDataFolder(dataDir);
  }
  try {
    // PGlite computes every query synchronously: on a thread of its own, so
    // that a long one (a detection run, an export) does not stop the server
    // answering. If that thread dies the database is gone: the process
    // exits, and its service manager starts it again.
    const client = await PgliteThread.open(
      { dataDir: dataDir ? path.resolve(dataDir, "pg") : undefined, loadDataDir: loadDataDir ? new Uint8Array(await loadDataDir.arrayBuffer()) : undefined },
      (error) => {
        log().fatal({ error: error.message }, "the embedded database's thread stopped; exiting");
        process.exit(1);
      },
    );
    // Drizzle's PGlite driver uses query, exec and transaction, which the thread offers.
    const db = drizzle(client as unknown as import("@electric-sql/pglite").PGlite, { schema });
    const migrate = async () => {
      const { migrate: run } = await import("drizzle-orm/pglite/migrator");
      await run(db, { migrationsFolder });
    };
    return {
      db,
      kind: "pglite",
      migrate,
      close: async () => {
        await client.close();
        await release?.();
      },
      lastStorageFailure: () => 0,
      dumpDataDir: dataDir ? () => client.dumpDataDir() : undefined,
    };
  } catch (error) {
    await release?.();
    throw error;
  }
}

// PGlite does not guard its folder and two processes corrupt it. The lock is a
// directory that proper-lockfile keeps fresh; one left by a killed process
// goes stale after 10 s, so a restart waits for that instead of failing.
//
// A fresh mtime needs the event loop, and PGlite runs on it: a long query or
// migration can hold it past the 10 s. So the owner also writes its pid and
// host beside the lock, and a second opener on the same host is refused while
// that process lives, however old the mtime; and an owner whose refresh came
// late but whose lock nobody took keeps it (it used to exit).
type LockOwner = { pid: number; host: string };

async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const lockfile = await import("proper-lockfile");
  const lockPath = path.join(dataDir, "pg.lock");
  const ownerPath = path.join(dataDir, "pg.lock.owner");
  const me: LockOwner = { pid: process.pid, host: os.hostname() };
  const isMine = () => {
    const owner = readOwner(ownerPath);
    return fs.existsSync(lockPath) && owner?.pid === me.pid && owner.host === me.host;
  };
  const owner = fs.existsSync(lockPath) ? readOwner(ownerPath) : undefined;
  if (owner && owner.host === me.host && processAlive(owner.pid)) throw new DataFolderLockedError(dataDir);

  let keepFresh: NodeJS.Timeout | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: lockPath,
      stale: 10_000,
      update: 2_000,
      retries: { retries: 6, minTimeout: 1_000, maxTimeout: 2_500, factor: 1.2 },
      onCompromised: (error) => {
        if (isMine()) {
          // Our refresh came late (the event loop was busy) and no one took
          // the folder: keep it, and keep its mtime fresh ourselves.
          log().warn({ dataDir, error: error.message }, "the data folder's lock was refreshed late; still held by this process");
          keepFresh = setInterval(() => {
            const now = new Date();
            fs.utimes(lockPath, now, now, () => {});
          }, 2_000);
          keepFresh.unref();
          return;
        }
        // Someone else took the folder: stop before we write anything more.
        log().fatal({ dataDir, error: error.message }, "lost the data folder's lock; exiting");
        process.exit(1);
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") throw new DataFolderLockedError(dataDir);
    throw error;
  }
  fs.writeFileSync(ownerPath, JSON.stringify(me));
  return async () => {
    clearInterval(keepFresh);
    const mine = isMine();
    fs.rmSync(ownerPath, { force: true });
    if (keepFresh) {
      // proper-lockfile gave the lock up when it saw the late refresh.
      if (mine) fs.rmSync(lockPath, { recursive: true, force: true });
      return;
    }
    await release();
  };
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockOwner>;
    return typeof value.pid === "number" && typeof value.host === "string" ? { pid: value.pid, host: value.host } : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as { code?: string }).code === "EPERM";
  }
}

/**
 * The rows of a raw `db.execute(sql…)`. Both drivers answer with `{ rows }`,
 * but the common PgDatabase type cannot say so; the caller names the row type.
 */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

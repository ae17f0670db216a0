import { randomBytes } from "node:crypto";
import pg from "pg";
import { bootDatabase, createRuntime } from "@/db/boot";
import type { DatabaseHandle } from "@/db/client";
import { setRuntime, type Runtime } from "@/db/runtime";

// Every database suite runs on PGlite and, when TEST_DATABASE_URL is set (CI
// sets it to the local server), on PostgreSQL too. Each test file gets a
// database of its own: in-memory PGlite, or a fresh PostgreSQL database.

export type Driver = "pglite" | "postgres";
export const DRIVERS: Driver[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export type TestDatabase = {
  handle: DatabaseHandle;
  runtime: Runtime;
  drop: () => Promise<void>;
  /** PostgreSQL only: the database's URL, for a second app instance on it. */
  url?: string;
};

/** `base`: the PostgreSQL server's URL (TEST_DATABASE_URL unless given); a database of its own is made on it. */
export async function createTestDatabase(driver: Driver, base = process.env.TEST_DATABASE_URL): Promise<TestDatabase> {
  if (driver === "pglite") {
    const handle = await bootDatabase({ kind: "pglite-memory" });
    const runtime = await createRuntime(handle);
    return { handle, runtime, drop: () => handle.close() };
  }
  if (!base) throw new Error("createTestDatabase: no PostgreSQL URL (TEST_DATABASE_URL)");
  const name = `dw_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(base, `create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await bootDatabase({ kind: "postgres", url: url.toString(), poolSize: 10 });
  const runtime = await createRuntime(handle);
  return {
    handle,
    runtime,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      await adminQuery(base, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Makes this database the one route handlers and server actions see. */
export function useRuntime(db: TestDatabase) {
  setRuntime(db.runtime);
}

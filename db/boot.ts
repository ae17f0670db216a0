import { eq } from "drizzle-orm";
import { openDatabase, type DatabaseConfig, type DatabaseHandle } from "@/db/client";
import { ensureRollupSets } from "@/db/bulk-load";
import { GroupCommit } from "@/db/ingest";
import { loadReferenceData } from "@/db/reference";
import { settings } from "@/db/schema";
import type { Runtime } from "@/db/runtime";
import { env } from "@/lib/env";
import { limitsFromEnv } from "@/lib/abuse/limits";

export const DEMO_SETTING = "dataset";

/** Opens, migrates and fills the reference tables: the start-up step before listening. */
export async function bootDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  const handle = await openDatabase(config);
  try {
    await handle.migrate();
    await loadReferenceData(handle.db);
    await ensureRollupSets(handle.db);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export async function createRuntime(handle: DatabaseHandle): Promise<Runtime> {
  const [row] = await handle.db.select().from(settings).where(eq(settings.key, DEMO_SETTING));
  return {
    handle,
    // PGlite has one connection: one transaction at a time. PostgreSQL takes
    // two so a commit can run while the next batch gathers.
    ingest: new GroupCommit(handle.db, { maxInFlight: handle.kind === "pglite" ? 1 : 2, limits: limitsFromEnv(env()) }),
    demo: row?.value === "synthetic-demo",
  };
}

export function databaseConfig(env: { DATABASE_URL?: string; DATA_DIR: string; DB_POOL_SIZE: number; DB_QUERY_TIMEOUT_MS: number }): DatabaseConfig {
  return env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL, poolSize: env.DB_POOL_SIZE, queryTimeoutMs: env.DB_QUERY_TIMEOUT_MS }
    : { kind: "pglite", dataDir: env.DATA_DIR };
}

import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, type Db } from "@/db/client";

// Backups. The embedded database: PGlite's dump of its whole data folder (a
// gzipped tarball), taken while no app holds the folder, and restored only
// into a folder that holds no database yet. PostgreSQL: pg_dump's custom
// format and pg_restore into an empty database. Each side prints what it
// holds (reports, seals, incidents) so the two can be compared.

const run = promisify(execFile);

/** The evidence a backup must carry whole: a count and a digest of every row per table. */
export const EVIDENCE_TABLES = ["reports", "seals", "incidents", "incident_scopes", "audit_log", "isp_statements", "statement_hides"] as const;
export type Inventory = Record<(typeof EVIDENCE_TABLES)[number], { rows: number; digest: string }>;

export async function inventory(db: Db): Promise<Inventory> {
  const out = {} as Inventory;
  for (const table of EVIDENCE_TABLES) {
    const [row] = rowsOf<{ rows: string | number; digest: string }>(
      await db.execute(sql.raw(`select count(*) as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t`)),
    );
    out[table] = { rows: Number(row?.rows ?? 0), digest: row?.digest ?? "" };
  }
  return out;
}

export const describeInventory = (i: Inventory) => `${i.reports.rows} reports, ${i.seals.rows} sealed hours, ${i.incidents.rows} incidents (${i.incident_scopes.rows} scopes), ${i.audit_log.rows} audit entries, ${i.isp_statements.rows} statement versions`;

export class BackupError extends Error {}

/** Writes the data folder's dump to `file`; the folder must not be open in an app (its lock says so). */
export async function backupEmbedded(dataDir: string, file: string): Promise<{ bytes: number; inventory: Inventory }> {
  if (!fs.existsSync(path.join(dataDir, "pg"))) throw new BackupError(`${dataDir} holds no database (no ${path.join(dataDir, "pg")}).`);
  const handle = await openDatabase({ kind: "pglite", dataDir });
  try {
    const held = await inventory(handle.db);
    const dump = await handle.dumpDataDir!();
    const bytes = Buffer.from(await dump.arrayBuffer());
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Written beside, then renamed: a half-written backup never has the name.
    await settled(`${file}.partial`, () => fs.writeFileSync(`${file}.partial`, bytes));
    fs.renameSync(`${file}.partial`, file);
    return { bytes: bytes.length, inventory: held };
  } finally {
    await handle.close();
  }
}

/** Makes a new data folder from a dump; refuses a folder that already holds a database. */
export async function restoreEmbedded(file: string, dataDir: string): Promise<Inventory> {
  if (!fs.existsSync(file)) throw new BackupError(`${file}: no such backup.`);
  const target = path.join(dataDir, "pg");
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new BackupError(`${dataDir} already holds a database: restore into a new folder (DATA_DIR=./data-restored npm run restore -- ${file}), then point DATA_DIR at it.`);
  }
  const dump = new Blob([fs.readFileSync(file)]);
  // Restored beside the target, then moved into place: a restore that fails leaves nothing half-made behind.
  const staging = `${path.resolve(dataDir)}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const handle = await openDatabase({ kind: "pglite", dataDir: staging, loadDataDir: dump });
    let held: Inventory;
    try {
      held = await inventory(handle.db);
    } finally {
      await handle.close();
    }
    fs.mkdirSync(dataDir, { recursive: true });
    fs.rmSync(target, { recursive: true, force: true }); // empty, checked above
    fs.renameSync(path.join(staging, "pg"), target);
    return held;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** pg_dump in its custom format (compressed; pg_restore reads it). */
export async function backupPostgres(url: string, file: string): Promise<{ bytes: number; inventory: Inventory }> {
  const handle = await openDatabase({ kind: "postgres", url, poolSize: 1 });
  try {
    const held = await inventory(handle.db);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    await settled(`${file}.partial`, () => pgTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}.partial`], url));
    fs.renameSync(`${file}.partial`, file);
    return { bytes: fs.statSync(file).size, inventory: held };
  } finally {
    await handle.close();
  }
}

/** pg_restore into `url`, which must be an empty database. */
export async function restorePostgres(file: string, url: string): Promise<Inventory> {
  if (!fs.existsSync(file)) throw new BackupError(`${file}: no such backup.`);
  const handle = await openDatabase({ kind: "postgres", url, poolSize: 1 });
  try {
    const [row] = rowsOf<{ n: string | number }>(await handle.db.execute(sql`select count(*) as n from information_schema.tables where table_schema = 'public'`));
    if (Number(row?.n ?? 0) > 0) throw new BackupError("the database in DATABASE_URL is not empty: create a new one (createdb), point DATABASE_URL at it and restore there.");
    // One transaction: a restore that fails leaves the database empty, to try again.
    await pgTool("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${new URL(url).pathname.slice(1)}`, file], url);
    return await inventory(handle.db);
  } finally {
    await handle.close();
  }
}

/** Runs `write`; if it fails, removes the half-written `partial` file. */
async function settled(partial: string, write: () => unknown): Promise<void> {
  try {
    await write();
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * A PostgreSQL client program on the database at `url`, given as libpq's
 * environment (PGHOST, PGPASSWORD…) rather than arguments: a password in
 * the arguments is readable by every user of the machine (ps).
 */
async function pgTool(program: string, args: string[], url: string): Promise<void> {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || "5432",
    PGUSER: decodeURIComponent(u.username) || undefined,
    PGPASSWORD: decodeURIComponent(u.password) || undefined,
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
  for (const [key, value] of u.searchParams) if (key === "sslmode") env.PGSSLMODE = value;
  try {
    await run(program, args, { maxBuffer: 16 * 1024 * 1024, env });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") throw new BackupError(`${program} is not installed: install PostgreSQL's client tools (apt-get install postgresql-client), the same major version as the server or newer.`);
    throw new BackupError(`${program} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

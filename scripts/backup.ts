import path from "node:path";
import { backupEmbedded, BackupError, backupPostgres, describeInventory } from "@/db/backup";
import { DataFolderLockedError } from "@/db/client";
import { env } from "@/lib/env";

// npm run backup [-- <file>]
//
// DATABASE_URL set: pg_dump of that database (custom format). Otherwise the
// embedded database in DATA_DIR, which must not be open in a running app:
// stop it, back up, start it again (a minute's pause, no report lost: a
// reporter's browser queues and sends again).

async function main(): Promise<number> {
  const config = env();
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-");
  const [given] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const postgres = Boolean(config.DATABASE_URL);
  const file = given ?? path.join("backups", `disruption-watch-${stamp}.${postgres ? "pgdump" : "tar.gz"}`);
  console.log(postgres ? "Backing up PostgreSQL (DATABASE_URL) with pg_dump…" : `Backing up the embedded database in ${config.DATA_DIR}…`);
  const done = postgres ? await backupPostgres(config.DATABASE_URL!, file) : await backupEmbedded(config.DATA_DIR, file);
  console.log(`Wrote ${file} (${(done.bytes / 1024 / 1024).toFixed(1)} MB): ${describeInventory(done.inventory)}.`);
  console.log(`Restore: ${postgres ? "DATABASE_URL=<an empty database>" : "DATA_DIR=<a new folder>"} npm run restore -- ${file}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DataFolderLockedError) console.error(`backup: ${error.message} Stop the app first (Ctrl-C, or systemctl stop), then back up.`);
    else console.error(`backup: ${error instanceof BackupError || error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);

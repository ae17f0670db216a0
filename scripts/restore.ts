import { BackupError, describeInventory, restoreEmbedded, restorePostgres } from "@/db/backup";
import { env } from "@/lib/env";

// npm run restore -- <file>
//
// Into DATABASE_URL (an empty PostgreSQL database) when it is set, else into
// DATA_DIR, which must not hold a database yet. Prints what the restored
// database holds; `npm run verify -- --database` then checks its seals.

async function main(): Promise<number> {
  const config = env();
  const [file] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  if (!file) {
    console.error("usage: DATA_DIR=<new folder> npm run restore -- <backup.tar.gz>\n       DATABASE_URL=<empty database> npm run restore -- <backup.pgdump>");
    return 2;
  }
  const postgres = Boolean(config.DATABASE_URL);
  console.log(postgres ? `Restoring ${file} into PostgreSQL (DATABASE_URL) with pg_restore…` : `Restoring ${file} into ${config.DATA_DIR}…`);
  const held = postgres ? await restorePostgres(file, config.DATABASE_URL!) : await restoreEmbedded(file, config.DATA_DIR);
  console.log(`Restored: ${describeInventory(held)}.`);
  console.log("Check its seals: npm run verify -- --database");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`restore: ${error instanceof BackupError || error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);

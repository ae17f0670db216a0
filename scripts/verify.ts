import fs from "node:fs";
import { databaseConfig } from "@/db/boot";
import { openDatabase } from "@/db/client";
import { verifyDatabase } from "@/db/seals/verify-database";
import { env } from "@/lib/env";
import { verifyExportFile } from "@/lib/seals/verify-export";
import type { Seal } from "@/lib/seals/seal-hash";

// npm run verify -- <export.json> [--seals <archived-seals.json | URL>]
// npm run verify -- --database            (DATABASE_URL, else DATA_DIR)
//
// Recomputes the hourly seals (lib/seals/seal-hash.ts) and names the first
// hour that no longer matches. Exit code 0: every seal holds; 1: a mismatch;
// 2: the command could not run.

const USAGE = "usage: npm run verify -- <export.json> [--seals <seals.json | URL>]\n       npm run verify -- --database";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--database")) {
    const config = databaseConfig(env());
    console.log(`Verifying the seals of ${config.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `the database in ${env().DATA_DIR}`}…`);
    const handle = await openDatabase(config);
    try {
      return report(await verifyDatabase(handle.db));
    } finally {
      await handle.close();
    }
  }
  const sealsAt = args.indexOf("--seals");
  const archive = sealsAt >= 0 ? args[sealsAt + 1] : undefined;
  const [file] = args.filter((a, i) => !a.startsWith("--") && !(sealsAt >= 0 && i === sealsAt + 1));
  if (!file || (sealsAt >= 0 && !archive)) {
    console.error(USAGE);
    return 2;
  }
  console.log(`Verifying ${file}${archive ? ` against the seals in ${archive}` : ""}…`);
  return report(await verifyExportFile(file, archive ? await readSeals(archive) : undefined));
}

async function readSeals(where: string): Promise<Seal[]> {
  const text = /^https?:\/\//.test(where) ? await (await fetch(where)).text() : await fs.promises.readFile(where, "utf8");
  const seals = JSON.parse(text) as unknown;
  if (!Array.isArray(seals)) throw new Error(`${where}: expected the JSON array of GET /api/v1/seals`);
  return seals as Seal[];
}

function report(check: { ok: true; hours: number; first?: string; last?: string } | { ok: false; hours: number; mismatch: { hour: string; reason: string } }): number {
  if (check.ok) {
    console.log(check.hours === 0 ? "No sealed hours to check." : `OK: all ${check.hours} sealed hours match, ${check.first} to ${check.last}.`);
    return 0;
  }
  console.log(`MISMATCH: the first hour that no longer matches is ${check.mismatch.hour}: ${check.mismatch.reason}.`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`verify: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);

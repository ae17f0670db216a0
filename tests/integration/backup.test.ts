import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { backupEmbedded, BackupError, backupPostgres, inventory, restoreEmbedded, restorePostgres, type Inventory } from "@/db/backup";
import { bootDatabase } from "@/db/boot";
import { bulkInsertReports, rebuildRollup, type BulkReport } from "@/db/bulk-load";
import { DataFolderLockedError, openDatabase, type Db } from "@/db/client";
import { sealFinishedHours } from "@/db/jobs/seal-hours";
import { auditLog, incidents, incidentScopes } from "@/db/schema";
import { createTestDatabase, DRIVERS } from "@/tests/support/databases";

// npm run backup / npm run restore: a backup restored into a fresh folder (or
// an empty PostgreSQL database) holds the same reports, seals, incidents and
// audit entries, row for row, and `npm run verify -- --database` passes on it.

const run = promisify(execFile);
const H = 3600_000;
const H0 = Date.parse("2026-11-20T00:00:00Z");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dw-backup-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const fixture = (i: number): BulkReport => ({
  receivedAt: new Date(H0 + (i * H) / 7),
  observedAt: new Date(H0 + (i * H) / 7 - 600_000),
  area: i % 2 ? "lahore" : "karachi-south",
  isp: i % 3 ? "zong" : "jazz",
  service: "whatsapp",
  connection: "mobile",
  problem: "media_fails",
  comment: i === 3 ? "words a moderator has not read" : null,
  source: "web",
  clientKey: `client-key-${i}`,
  idempotencyKey: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
});

/** Reports over six hours, five of them sealed, one incident with two scopes, one audit entry. */
async function fill(db: Db) {
  await bulkInsertReports(db, Array.from({ length: 40 }, (_, i) => fixture(i)));
  await rebuildRollup(db);
  await db.insert(auditLog).values({ at: new Date(H0 + 1.5 * H), actor: "moderator-1", action: "note", reason: "checked", details: { a: 1 } });
  expect((await sealFinishedHours(db, new Date(H0 + 5 * H + 3 * 60_000))).sealed).toBe(5);
  const at = (h: number) => new Date(H0 + h * H);
  const [incident] = await db
    .insert(incidents)
    .values({ scopeKind: "service", scopeKey: "whatsapp", startedAt: at(1), endedAt: at(3), lastUnusualAt: at(2.9), reports: 17, expected: 2.5, peakAt: at(2), peakCount: 9, peakExpected: 0.8 })
    .returning({ id: incidents.id });
  for (const [kind, key] of [["service", "whatsapp"], ["isp", "zong"]] as const) {
    await db.insert(incidentScopes).values({ incidentId: incident!.id, kind, key, startedAt: at(1), endedAt: at(3), openedAt: at(1.25), lastUnusualAt: at(2.9), reports: 9, expected: 1.2, peakAt: at(2), peakCount: 5, peakExpected: 0.4 });
  }
}

async function verify(env: Record<string, string>) {
  const { stdout } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/verify.ts", "--database"], {
    env: { ...process.env, DATABASE_URL: "", ...env },
  });
  return stdout;
}

function expectSame(restored: Inventory, original: Inventory) {
  expect(original.reports.rows).toBe(40);
  expect(original.seals.rows).toBe(5);
  expect(original.incidents.rows).toBe(1);
  expect(original.incident_scopes.rows).toBe(2);
  expect(original.audit_log.rows).toBe(1);
  expect(restored).toEqual(original);
}

describe("backup and restore of the embedded database", () => {
  const dataDir = path.join(tmp, "data");
  const restoredDir = path.join(tmp, "data-restored");
  const file = path.join(tmp, "backups", "embedded.tar.gz");
  let original: Inventory;

  it("dumps the data folder, and restores it into a fresh one with every row", async () => {
    const handle = await bootDatabase({ kind: "pglite", dataDir });
    await fill(handle.db);
    original = await inventory(handle.db);
    // While an app holds the folder, a backup is refused, not taken half-way.
    await expect(backupEmbedded(dataDir, file)).rejects.toBeInstanceOf(DataFolderLockedError);
    await handle.close();

    const done = await backupEmbedded(dataDir, file);
    expect(done.inventory).toEqual(original);
    expect(fs.statSync(file).size).toBe(done.bytes);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    expectSame(await restoreEmbedded(file, restoredDir), original);
    // Opened again, as the app opens it: still the same.
    const reopened = await openDatabase({ kind: "pglite", dataDir: restoredDir });
    expect(await inventory(reopened.db)).toEqual(original);
    await reopened.close();
  });

  it("passes npm run verify on the restored folder", async () => {
    expect(await verify({ DATA_DIR: restoredDir })).toContain("OK: all 5 sealed hours match");
  });

  it("never restores over a database", async () => {
    await expect(restoreEmbedded(file, dataDir)).rejects.toBeInstanceOf(BackupError);
    await expect(restoreEmbedded(path.join(tmp, "missing.tar.gz"), path.join(tmp, "other"))).rejects.toThrow("no such backup");
  });
});

describe.runIf(DRIVERS.includes("postgres"))("backup and restore on PostgreSQL (pg_dump, pg_restore)", () => {
  it("restores into an empty database with every row, and verify passes on it", async () => {
    const source = await createTestDatabase("postgres");
    const target = await createTestDatabase("postgres");
    const empty = await createTestDatabase("postgres");
    try {
      await fill(source.handle.db);
      const original = await inventory(source.handle.db);
      const file = path.join(tmp, "backups", "postgres.pgdump");
      expect((await backupPostgres(source.url!, file)).inventory).toEqual(original);
      // `target` was migrated by createTestDatabase: not empty, so refused.
      await expect(restorePostgres(file, target.url!)).rejects.toThrow("not empty");
      // A database nobody migrated yet: drop the app's tables from `empty` first.
      await empty.handle.db.execute("drop schema public cascade; create schema public; drop schema if exists drizzle cascade" as never);
      expectSame(await restorePostgres(file, empty.url!), original);
      expect(await verify({ DATABASE_URL: empty.url! })).toContain("OK: all 5 sealed hours match");
    } finally {
      await Promise.all([source.drop(), target.drop(), empty.drop()]);
    }
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootDatabase } from "@/db/boot";
import { DataFolderLockedError, openDatabase } from "@/db/client";
import { loadReferenceData } from "@/db/reference";
import { areas, isps, services } from "@/db/schema";
import { dailySecret } from "@/db/secrets";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

describe.each(DRIVERS)("start-up steps on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.drop());

  it("loads the reference data idempotently", async () => {
    const counts = async () => ({
      areas: Number((await t.handle.db.select({ n: count() }).from(areas))[0]?.n),
      isps: Number((await t.handle.db.select({ n: count() }).from(isps))[0]?.n),
      services: Number((await t.handle.db.select({ n: count() }).from(services))[0]?.n),
    });
    const first = await counts();
    expect(first).toEqual({ areas: 167, isps: 27, services: 40 });
    await loadReferenceData(t.handle.db);
    await t.handle.migrate();
    expect(await counts()).toEqual(first);
  });

  it("keeps one client-key secret per day, shared by every caller", async () => {
    const day = new Date("2026-11-23T10:00:00Z");
    const a = await dailySecret(t.handle.db, day);
    const b = await dailySecret(t.handle.db, new Date("2026-11-23T23:59:00Z"));
    const next = await dailySecret(t.handle.db, new Date("2026-11-24T00:01:00Z"));
    expect(a).toBe(b);
    expect(next).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("the PGlite data folder", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-lock-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("refuses a second opener while the first holds it, then opens again after close", async () => {
    const first = await bootDatabase({ kind: "pglite", dataDir: dir });
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DataFolderLockedError);
    await first.close();
    const again = await bootDatabase({ kind: "pglite", dataDir: dir });
    expect(Number((await again.db.select({ n: count() }).from(areas))[0]?.n)).toBe(167);
    await again.close();
  });

  // PGlite runs on the event loop, so a long query can keep the lock's mtime
  // from being refreshed; the owner's pid says it is alive all the same.
  it("refuses a second opener while the owner lives, however old the lock's mtime", async () => {
    const first = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(dir, "pg.lock"), old, old);
      await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DataFolderLockedError);
    } finally {
      await first.close();
    }
  });

  it("keeps the folder when its own refresh came late and no one took it", async () => {
    const first = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      // What a busy event loop looks like to proper-lockfile: the mtime is not the one it set.
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(dir, "pg.lock"), old, old);
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // its next refresh (every 2 s)
      expect(Number((await first.db.select({ n: count() }).from(areas))[0]?.n)).toBeGreaterThanOrEqual(0);
      await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DataFolderLockedError);
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, "pg.lock"))).toBe(false);
    const again = await openDatabase({ kind: "pglite", dataDir: dir });
    await again.close();
  });

  it("takes over a lock left by a process that died", async () => {
    const { spawnSync } = await import("node:child_process");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    fs.mkdirSync(path.join(dir, "pg.lock"));
    fs.writeFileSync(path.join(dir, "pg.lock.owner"), JSON.stringify({ pid: Number(dead.stdout), host: os.hostname() }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, "pg.lock"), old, old);
    const handle = await openDatabase({ kind: "pglite", dataDir: dir });
    expect(JSON.parse(fs.readFileSync(path.join(dir, "pg.lock.owner"), "utf8"))).toEqual({ pid: process.pid, host: os.hostname() });
    await handle.close();
  });
});

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountError, addAccount, changePassword, disableAccount, enableAccount, listAccounts } from "@/db/admin/accounts";
import { moderatorOf, revokeSession } from "@/db/admin/sessions";
import { signIn } from "@/db/admin/sign-in";
import { openDatabase } from "@/db/client";
import { adminAccounts, adminSessions, auditLog, ispOrgs, rateLimitHits } from "@/db/schema";
import { hashSessionToken, IDLE_MS } from "@/lib/admin/session-policy";
import { formatHash } from "@/lib/admin/password-hash";
import { scryptSync, randomBytes } from "node:crypto";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

// Accounts, sessions and sign-in on both databases. A password hash at the
// real parameters costs about a second here, so the tests that try many
// wrong passwords use an account whose stored hash has cheap parameters
// (it verifies with its own, lib/admin/password-hash.ts).

const PASSWORD = "a long enough passphrase";
const MIN = 60_000;

/** An account whose hash is cheap to check (for tests that try many passwords). */
async function cheapAccount(t: TestDatabase, username: string, password: string): Promise<number> {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 32, { N: 2 ** 10, r: 8, p: 1 });
  const [row] = await t.handle.db.insert(adminAccounts).values({ username, passwordHash: formatHash({ ln: 10, r: 8, p: 1 }, salt, key) }).returning();
  return row!.id;
}

describe.each(DRIVERS)("moderator accounts and sessions on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.drop());

  it("adds an account with a salted scrypt hash and an audit entry that names it by number only", async () => {
    const account = await addAccount(t.handle.db, "  Ayesha ", PASSWORD);
    expect(account.username).toBe("ayesha");
    const [row] = await t.handle.db.select().from(adminAccounts).where(eq(adminAccounts.id, account.id));
    expect(row!.passwordHash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
    const [entry] = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, "add_account"));
    expect(entry).toMatchObject({ actor: "command-line", reportId: null, details: { account: `moderator-${account.id}` } });
    expect(JSON.stringify(entry)).not.toContain("ayesha");
  });

  it("refuses a second account of the same name, a bad name and a short password, writing nothing", async () => {
    const before = await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    await expect(addAccount(t.handle.db, "AYESHA", PASSWORD)).rejects.toMatchObject({ code: "exists" });
    await expect(addAccount(t.handle.db, "no spaces", PASSWORD)).rejects.toMatchObject({ code: "username_format" });
    await expect(addAccount(t.handle.db, "bilal", "short pass")).rejects.toMatchObject({ code: "password_short" });
    await expect(changePassword(t.handle.db, "nobody", PASSWORD)).rejects.toBeInstanceOf(AccountError);
    expect(await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(auditLog)).toEqual(before);
  });

  it("signs in with the right password: a session stored only as the token's hash", async () => {
    const result = await signIn(t.handle.db, { username: "ayesha", password: PASSWORD, clientKey: "client-a" });
    if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.handle.db.select().from(adminSessions);
    expect(rows.map((r) => r.tokenHash)).toEqual([hashSessionToken(result.token)]);
    expect(JSON.stringify(rows)).not.toContain(result.token);
    expect(await moderatorOf(t.handle.db, result.token)).toMatchObject({ accountId: result.accountId, username: "ayesha" });
    expect(await moderatorOf(t.handle.db, result.token.slice(0, -1) + (result.token.endsWith("A") ? "B" : "A"))).toBeUndefined();
    expect(await moderatorOf(t.handle.db, undefined)).toBeUndefined();
  });

  it("refuses a wrong password and an unknown username with the same answer", async () => {
    expect(await signIn(t.handle.db, { username: "ayesha", password: "not the passphrase", clientKey: "client-b" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(t.handle.db, { username: "nobody", password: PASSWORD, clientKey: "client-b" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("ends a session after an hour without use, after 12 hours in any case, and on sign-out", async () => {
    const id = await cheapAccount(t, "sessions", PASSWORD);
    const start = new Date();
    const open = async () => {
      const r = await signIn(t.handle.db, { username: "sessions", password: PASSWORD, clientKey: "client-s" }, start);
      if (!r.ok) throw new Error(r.reason);
      return r.token;
    };
    // Idle: 59 minutes is fine, and moves last-seen on; an hour after that it is over.
    const idle = await open();
    expect(await moderatorOf(t.handle.db, idle, new Date(start.getTime() + 59 * MIN))).toMatchObject({ accountId: id });
    const [seen] = await t.handle.db.select({ at: adminSessions.lastSeenAt }).from(adminSessions).where(eq(adminSessions.tokenHash, hashSessionToken(idle)));
    expect(seen!.at.getTime()).toBe(start.getTime() + 59 * MIN);
    expect(await moderatorOf(t.handle.db, idle, new Date(start.getTime() + 59 * MIN + IDLE_MS))).toBeUndefined();
    // Absolute: used every 50 minutes, still over at 12 hours.
    const busy = await open();
    for (let m = 50; m < 12 * 60; m += 50) expect(await moderatorOf(t.handle.db, busy, new Date(start.getTime() + m * MIN)), `minute ${m}`).toBeDefined();
    expect(await moderatorOf(t.handle.db, busy, new Date(start.getTime() + 12 * 60 * MIN))).toBeUndefined();
    // Signed out: over at once, for any copy of the cookie.
    const out = await open();
    await revokeSession(t.handle.db, out);
    expect(await moderatorOf(t.handle.db, out, start)).toBeUndefined();
  });

  it("ends every session of an account when its password changes or it is disabled; a disabled account cannot sign in", async () => {
    await cheapAccount(t, "revoked", PASSWORD);
    const open = async () => {
      const r = await signIn(t.handle.db, { username: "revoked", password: PASSWORD, clientKey: "client-r" });
      if (!r.ok) throw new Error(r.reason);
      return r.token;
    };
    const [a, b] = [await open(), await open()];
    await changePassword(t.handle.db, "revoked", "a brand new passphrase");
    expect(await moderatorOf(t.handle.db, a)).toBeUndefined();
    expect(await moderatorOf(t.handle.db, b)).toBeUndefined();
    expect((await signIn(t.handle.db, { username: "revoked", password: PASSWORD, clientKey: "client-r" })).ok).toBe(false);
    const r = await signIn(t.handle.db, { username: "revoked", password: "a brand new passphrase", clientKey: "client-r" });
    if (!r.ok) throw new Error(r.reason);
    expect((await disableAccount(t.handle.db, "revoked")).changed).toBe(true);
    expect((await disableAccount(t.handle.db, "revoked")).changed).toBe(false);
    expect(await moderatorOf(t.handle.db, r.token)).toBeUndefined();
    expect(await signIn(t.handle.db, { username: "revoked", password: "a brand new passphrase", clientKey: "client-r2" })).toEqual({ ok: false, reason: "invalid" });
    const actions = await t.handle.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).orderBy(auditLog.id);
    expect(actions.filter((x) => JSON.stringify(x.details).includes("moderator-")).map((x) => x.action)).toEqual(
      expect.arrayContaining(["add_account", "change_password", "disable_account"]),
    );
    const listed = (await listAccounts(t.handle.db)).find((x) => x.username === "revoked")!;
    expect(listed.disabledAt).not.toBeNull();
    expect(listed.activeSessions).toBe(0);
  });

  it("enables a disabled account again: it signs in with its password, its old sessions stay ended, and the audit log says so", async () => {
    const id = await cheapAccount(t, "returning", PASSWORD);
    const before = await signIn(t.handle.db, { username: "returning", password: PASSWORD, clientKey: "client-e" });
    if (!before.ok) throw new Error(before.reason);
    await disableAccount(t.handle.db, "returning");
    expect((await enableAccount(t.handle.db, "returning")).changed).toBe(true);
    expect((await enableAccount(t.handle.db, "returning")).changed).toBe(false);
    await expect(enableAccount(t.handle.db, "nobody")).rejects.toMatchObject({ code: "not_found" });
    expect(await moderatorOf(t.handle.db, before.token)).toBeUndefined();
    const after = await signIn(t.handle.db, { username: "returning", password: PASSWORD, clientKey: "client-e" });
    if (!after.ok) throw new Error(after.reason);
    expect(await moderatorOf(t.handle.db, after.token)).toMatchObject({ accountId: id });
    const entries = await t.handle.db.select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.details}->>'account' = ${`moderator-${id}`}`).orderBy(auditLog.id);
    expect(entries.map((e) => e.action)).toEqual(["disable_account", "enable_account"]);
  });

  it("re-hashes an old-parameter hash with today's at the next sign-in", async () => {
    await cheapAccount(t, "oldhash", PASSWORD);
    const r = await signIn(t.handle.db, { username: "oldhash", password: PASSWORD, clientKey: "client-o" });
    expect(r.ok).toBe(true);
    const [row] = await t.handle.db.select({ h: adminAccounts.passwordHash }).from(adminAccounts).where(eq(adminAccounts.username, "oldhash"));
    expect(row!.h).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
  });

  describe("sign-in limits", () => {
    it("refuses a sixth wrong password from one client within 15 minutes, even the right one, and says how long to wait", async () => {
      await cheapAccount(t, "limited", PASSWORD);
      const now = new Date();
      for (let i = 0; i < 5; i++) {
        expect(await signIn(t.handle.db, { username: "limited", password: `wrong ${i} passphrase`, clientKey: "client-l" }, now)).toEqual({ ok: false, reason: "invalid" });
      }
      const refused = await signIn(t.handle.db, { username: "limited", password: PASSWORD, clientKey: "client-l" }, now);
      expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
      if (refused.ok || refused.reason !== "rate_limited") throw new Error("expected a refusal");
      expect(refused.retryAfterSeconds).toBeGreaterThan(14 * 60 - 1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
      // Other addresses are not held up by this one …
      expect((await signIn(t.handle.db, { username: "limited", password: PASSWORD, clientKey: "client-l2" }, now)).ok).toBe(true);
      // … and the same address may try again once 15 minutes have passed.
      expect((await signIn(t.handle.db, { username: "limited", password: PASSWORD, clientKey: "client-l" }, new Date(now.getTime() + 16 * MIN))).ok).toBe(true);
      // Counted in the database, under hashed keys (the username never as typed).
      const keys = await t.handle.db.select({ k: rateLimitHits.clientKey }).from(rateLimitHits).where(eq(rateLimitHits.window, "login"));
      expect(keys.some((k) => k.k === "login-client:client-l")).toBe(true);
      expect(keys.some((k) => k.k.includes("limited"))).toBe(false);
    });

    it("refuses an eleventh wrong password for one username from many addresses, unknown usernames alike", async () => {
      const now = new Date();
      for (const username of ["many", "ghost-user"]) {
        if (username === "many") await cheapAccount(t, "many", PASSWORD);
        for (let i = 0; i < 10; i++) {
          const r = await signIn(t.handle.db, { username, password: "a wrong passphrase", clientKey: `many-${username}-${i}` }, now);
          // The unknown username costs a full hash each; the answer is the same.
          expect(r, `${username} attempt ${i}`).toEqual({ ok: false, reason: "invalid" });
          if (username === "ghost-user" && i === 2) break;
        }
      }
      expect(await signIn(t.handle.db, { username: "many", password: PASSWORD, clientKey: "many-fresh" }, now)).toMatchObject({ ok: false, reason: "rate_limited" });
    }, 120_000);

    it("does not let attempts sent at once slip past the limit", async () => {
      await cheapAccount(t, "burst", PASSWORD);
      const now = new Date();
      const results = await Promise.all(Array.from({ length: 9 }, (_, i) => signIn(t.handle.db, { username: "burst", password: `wrong ${i} passphrase`, clientKey: "client-burst" }, now)));
      expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
      expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(4);
    });

    it("does not count sign-ins that succeed", async () => {
      await cheapAccount(t, "regular", PASSWORD);
      const now = new Date();
      for (let i = 0; i < 8; i++) expect((await signIn(t.handle.db, { username: "regular", password: PASSWORD, clientKey: "client-reg" }, now)).ok).toBe(true);
      const [hits] = await t.handle.db
        .select({ n: sql<number>`coalesce(sum(${rateLimitHits.hits}), 0)::int` })
        .from(rateLimitHits)
        .where(and(eq(rateLimitHits.clientKey, "login-client:client-reg"), eq(rateLimitHits.window, "login")));
      expect(Number(hits!.n)).toBe(0);
    });
  });
});

// The command itself, as an operator runs it: a password piped in, on a
// PGlite folder (and on PostgreSQL when the suite has one); refused clearly
// while another process holds the folder.
describe("npm run admin", () => {
  const tsx = path.resolve("node_modules/.bin/tsx");
  const run = (args: string[], env: Record<string, string>, input?: string) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const { DATABASE_URL: _unused, ...inherited } = process.env;
      const child = spawn(tsx, ["scripts/admin.ts", ...args], { env: { ...inherited, ...env }, stdio: ["pipe", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.stdin.end(input ?? "");
      child.on("close", (code) => resolve({ code, out, err }));
    });
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-admin-cli-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("adds, lists, changes and disables an account on a PGlite folder, reading the password from a pipe", async () => {
    const env = { DATA_DIR: dir };
    expect(await run(["add", "Sana"], env, "sana's own passphrase\n")).toMatchObject({ code: 0, out: expect.stringContaining("Added sana (moderator-1)") });
    expect(await run(["add", "sana"], env, "sana's own passphrase\n")).toMatchObject({ code: 1, err: expect.stringContaining("already exists") });
    expect(await run(["passwd", "sana"], env, "too short\n")).toMatchObject({ code: 1, err: expect.stringContaining("at least 12 characters") });
    expect(await run(["passwd", "sana"], env, "")).toMatchObject({ code: 1, err: expect.stringContaining("no password on standard input") });
    expect(await run(["passwd", "sana"], env, "a newer passphrase\r\n")).toMatchObject({ code: 0 });
    expect(await run(["disable", "sana"], env)).toMatchObject({ code: 0, out: expect.stringContaining("Disabled sana") });
    expect(await run(["isp", "add", "jazz", "Jazz-NOC"], env, "the desk's own passphrase\n")).toMatchObject({ code: 0, out: expect.stringContaining("Added jazz-noc (account 2), staff of jazz") });
    expect(await run(["isp", "add", "no-such-isp", "ghost"], env, "the desk's own passphrase\n")).toMatchObject({ code: 1, err: expect.stringContaining('no provider "no-such-isp"') });
    expect(await run(["isp", "add", "jazz"], env)).toMatchObject({ code: 2, err: expect.stringContaining("isp takes: add <isp-slug> <username>") });
    // The provider's tier: shown, set (once), refused for a provider without a desk or a tier that does not exist.
    expect(await run(["isp", "tier", "jazz"], env)).toMatchObject({ code: 0, out: expect.stringContaining("jazz is on the standard tier (1,200 reads a minute") });
    expect(await run(["isp", "tier", "jazz", "partner"], env)).toMatchObject({ code: 0, out: expect.stringContaining("jazz is now on the partner tier (6,000 reads a minute with a token), was standard") });
    expect(await run(["isp", "tier", "jazz", "partner"], env)).toMatchObject({ code: 0, out: expect.stringContaining("already on the partner tier") });
    expect(await run(["isp", "tier", "zong", "partner"], env)).toMatchObject({ code: 1, err: expect.stringContaining('"zong" has no desk yet') });
    expect(await run(["isp", "tier", "jazz", "gold"], env)).toMatchObject({ code: 2, err: expect.stringContaining('"gold" is not a tier: standard or partner') });
    const listed = await run(["list"], env);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/1\s+sana\s+moderator-1\s+moderator .* disabled/);
    expect(listed.out).toMatch(/2\s+jazz-noc\s+moderator-2\s+isp jazz \(partner\) .* active/);
    expect(await run(["enable", "sana", "extra"], env)).toMatchObject({ code: 2, err: expect.stringContaining("enable takes one username") });
    expect(await run(["frobnicate"], env)).toMatchObject({ code: 2, err: expect.stringContaining("usage:") });
    // The password went to the hash only.
    const handle = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      const [row] = await handle.db.select().from(adminAccounts);
      expect(row!.passwordHash).not.toContain("passphrase");
      expect(await handle.db.select({ isp: ispOrgs.isp, tier: ispOrgs.tier }).from(ispOrgs)).toEqual([{ isp: "jazz", tier: "partner" }]);
      expect(await signIn(handle.db, { username: "sana", password: "a newer passphrase", clientKey: "cli" })).toEqual({ ok: false, reason: "invalid" });
    } finally {
      await handle.close();
    }
    // Twelve runs, each booting the database: slow on a busy machine.
  }, 420_000);

  it("refuses, clearly, while another process holds the PGlite folder", async () => {
    const handle = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      const result = await run(["list"], { DATA_DIR: dir });
      expect(result.code).toBe(2);
      expect(result.err).toContain("in use by another Disruption Watch process");
      expect(result.err).toContain("Stop the app");
    } finally {
      await handle.close();
    }
  }, 120_000);

  it.runIf(DRIVERS.includes("postgres"))("works on PostgreSQL through DATABASE_URL", async () => {
    const t = await createTestDatabase("postgres");
    try {
      expect(await run(["add", "pg-moderator"], { DATABASE_URL: t.url! }, "a postgres passphrase\n")).toMatchObject({ code: 0 });
      expect((await listAccounts(t.handle.db)).map((a) => a.username)).toEqual(["pg-moderator"]);
      expect(await run(["disable", "pg-moderator"], { DATABASE_URL: t.url! })).toMatchObject({ code: 0 });
      expect(await run(["enable", "pg-moderator"], { DATABASE_URL: t.url! })).toMatchObject({ code: 0, out: expect.stringContaining("Enabled pg-moderator") });
      expect(await run(["enable", "pg-moderator"], { DATABASE_URL: t.url! })).toMatchObject({ code: 0, out: expect.stringContaining("was not disabled") });
      expect((await listAccounts(t.handle.db))[0]!.disabledAt).toBeNull();
      expect(await run(["isp", "add", "ptcl", "ptcl-noc"], { DATABASE_URL: t.url! }, "a postgres passphrase\n")).toMatchObject({ code: 0 });
      expect(await run(["isp", "tier", "ptcl", "partner"], { DATABASE_URL: t.url! })).toMatchObject({ code: 0, out: expect.stringContaining("was standard") });
      expect(await t.handle.db.select({ tier: ispOrgs.tier }).from(ispOrgs).where(eq(ispOrgs.isp, "ptcl"))).toEqual([{ tier: "partner" }]);
    } finally {
      await t.drop();
    }
  }, 120_000);
});

import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { revokeAccountSessions } from "@/db/admin/sessions";
import { writeAudit } from "@/db/moderation/audit";
import { adminAccounts, adminSessions, ispOrgs, isps } from "@/db/schema";
import { passwordProblem, usernameSchema, type PasswordProblem } from "@/lib/admin/account-input";
import { hashPassword } from "@/lib/admin/password-hash";
import { IDLE_MS } from "@/lib/admin/session-policy";
import { actorOf, COMMAND_LINE_ACTOR } from "@/lib/moderation/vocabulary";

// Moderator accounts as the command line (scripts/admin.ts) manages them.
// Every change is an audit entry by "command-line" naming the account by its
// number, in the same transaction. Accounts are never deleted.

export class AccountError extends Error {
  constructor(
    readonly code: "username_format" | "exists" | "not_found" | "no_such_isp" | PasswordProblem,
    message: string,
  ) {
    super(message);
    this.name = "AccountError";
  }
}

export type Account = { id: number; username: string; createdAt: Date; passwordChangedAt: Date; disabledAt: Date | null; role: string; isp: string | null };

export function checkUsername(raw: string): string {
  const parsed = usernameSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AccountError("username_format", "a username is 2 to 32 characters: a–z, 0–9, and . _ - after the first");
  }
  return parsed.data;
}

const PASSWORD_WORDS: Record<PasswordProblem, string> = {
  password_short: "the password must be at least 12 characters long",
  password_long: "the password must be at most 256 characters long",
  password_is_username: "the password must not be the username",
};

export function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AccountError(problem, PASSWORD_WORDS[problem]);
}

export async function addAccount(db: Db, rawUsername: string, password: string): Promise<Account> {
  return insertAccount(db, rawUsername, password, null);
}

/**
 * A member of an ISP's staff: an account with role "isp" that sees only that
 * ISP's desk. The ISP's organisation is made with its first account; the
 * slug must be a provider of the reference data.
 */
export async function addIspAccount(db: Db, isp: string, rawUsername: string, password: string): Promise<Account> {
  return insertAccount(db, rawUsername, password, isp);
}

async function insertAccount(db: Db, rawUsername: string, password: string, isp: string | null): Promise<Account> {
  const username = checkUsername(rawUsername);
  checkPassword(password, username);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    if (isp !== null) {
      const [known] = await tx.select({ slug: isps.slug }).from(isps).where(eq(isps.slug, isp));
      if (!known) throw new AccountError("no_such_isp", `no provider "${isp}" in the reference data (see /api/v1/meta for the slugs)`);
      await tx.insert(ispOrgs).values({ isp }).onConflictDoNothing();
    }
    const [row] = await tx
      .insert(adminAccounts)
      .values({ username, passwordHash, role: isp === null ? "moderator" : "isp", isp })
      .onConflictDoNothing({ target: adminAccounts.username })
      .returning();
    if (!row) throw new AccountError("exists", `an account named "${username}" already exists`);
    await writeAudit(tx, { actor: COMMAND_LINE_ACTOR, action: "add_account", details: isp === null ? { account: actorOf(row.id) } : { account: actorOf(row.id), isp } });
    return pick(row);
  });
}

/** A new password; every session of the account ends. */
export async function changePassword(db: Db, rawUsername: string, password: string, now = new Date()): Promise<Account> {
  const username = checkUsername(rawUsername);
  checkPassword(password, username);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(adminAccounts)
      .set({ passwordHash, passwordChangedAt: sql`clock_timestamp()` })
      .where(eq(adminAccounts.username, username))
      .returning();
    if (!row) throw new AccountError("not_found", `no account named "${username}"`);
    await revokeAccountSessions(tx, row.id, now);
    await writeAudit(tx, { actor: COMMAND_LINE_ACTOR, action: "change_password", details: { account: actorOf(row.id) } });
    return pick(row);
  });
}

/** The account can no longer sign in; its sessions end at once. Disabling twice changes nothing. */
export function disableAccount(db: Db, rawUsername: string, now = new Date()): Promise<{ account: Account; changed: boolean }> {
  return setDisabled(db, rawUsername, true, now);
}

/**
 * A disabled account may sign in again, with the password it had (change it
 * with changePassword if that was the reason). Its old sessions stay ended.
 */
export function enableAccount(db: Db, rawUsername: string): Promise<{ account: Account; changed: boolean }> {
  return setDisabled(db, rawUsername, false, new Date());
}

/** Disables or enables an account; an audit entry only when it changed. */
async function setDisabled(db: Db, rawUsername: string, disabled: boolean, now: Date): Promise<{ account: Account; changed: boolean }> {
  const username = checkUsername(rawUsername);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(adminAccounts)
      .set({ disabledAt: disabled ? sql`clock_timestamp()` : null })
      .where(and(eq(adminAccounts.username, username), disabled ? isNull(adminAccounts.disabledAt) : isNotNull(adminAccounts.disabledAt)))
      .returning();
    if (!row) {
      const [existing] = await tx.select().from(adminAccounts).where(eq(adminAccounts.username, username));
      if (!existing) throw new AccountError("not_found", `no account named "${username}"`);
      return { account: pick(existing), changed: false };
    }
    if (disabled) await revokeAccountSessions(tx, row.id, now);
    await writeAudit(tx, { actor: COMMAND_LINE_ACTOR, action: disabled ? "disable_account" : "enable_account", details: { account: actorOf(row.id) } });
    return { account: pick(row), changed: true };
  });
}

/** `tier`: a staff account's provider's tier (lib/isp-desk/tiers.ts); null for a moderator. */
export type AccountListing = Account & { activeSessions: number; lastSeenAt: Date | null; tier: string | null };

export async function listAccounts(db: Db, now = new Date()): Promise<AccountListing[]> {
  const rows = await db
    .select({
      id: adminAccounts.id,
      username: adminAccounts.username,
      createdAt: adminAccounts.createdAt,
      passwordChangedAt: adminAccounts.passwordChangedAt,
      disabledAt: adminAccounts.disabledAt,
      role: adminAccounts.role,
      isp: adminAccounts.isp,
      activeSessions: sql<number>`(count(${adminSessions.tokenHash}) filter (where ${adminSessions.revokedAt} is null
        and ${adminSessions.expiresAt} > ${now.toISOString()}::timestamptz
        and ${adminSessions.lastSeenAt} > ${new Date(now.getTime() - IDLE_MS).toISOString()}::timestamptz))::int`,
      lastSeenAt: sql<Date | null>`max(${adminSessions.lastSeenAt})`.mapWith(adminSessions.lastSeenAt),
      tier: ispOrgs.tier,
    })
    .from(adminAccounts)
    .leftJoin(adminSessions, eq(adminSessions.accountId, adminAccounts.id))
    .leftJoin(ispOrgs, eq(ispOrgs.isp, adminAccounts.isp))
    .groupBy(adminAccounts.id, ispOrgs.isp)
    .orderBy(asc(adminAccounts.id));
  return rows.map((r) => ({ ...r, activeSessions: Number(r.activeSessions) }));
}

const pick = (r: typeof adminAccounts.$inferSelect): Account => ({
  id: r.id,
  username: r.username,
  createdAt: r.createdAt,
  passwordChangedAt: r.passwordChangedAt,
  disabledAt: r.disabledAt,
  role: r.role,
  isp: r.isp,
});

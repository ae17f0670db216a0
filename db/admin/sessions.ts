import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { adminAccounts, adminSessions } from "@/db/schema";
import { hashSessionToken, looksLikeToken, newSessionTimes, newSessionToken, sessionState, shouldTouch } from "@/lib/admin/session-policy";

// Moderator sessions: the cookie carries a random token, the database its
// SHA-256 (lib/admin/session-policy.ts decides when a session has ended).

/** A signed-in account: a moderator, or (role "isp") a member of an ISP's staff, with the ISP's slug. */
export type Moderator = { accountId: number; username: string; sessionExpiresAt: Date; role: AccountRole; isp: string | null };
export type AccountRole = "moderator" | "isp";

/** A new session for the account; returns the token for the cookie (never stored). */
export async function createSession(db: Db, accountId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const times = newSessionTimes(now);
  await db.insert(adminSessions).values({ tokenHash: hashSessionToken(token), accountId, ...times });
  return { token, expiresAt: times.expiresAt };
}

/**
 * The moderator a cookie's token belongs to, or undefined when the session
 * has ended (expired, idle, revoked, its account disabled or its password
 * changed since it began). A live session's last-seen time moves on, at most
 * once a minute.
 */
export async function moderatorOf(db: Db, token: string | undefined, now = new Date()): Promise<Moderator | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const tokenHash = hashSessionToken(token);
  const [row] = await db
    .select({
      accountId: adminSessions.accountId,
      createdAt: adminSessions.createdAt,
      lastSeenAt: adminSessions.lastSeenAt,
      expiresAt: adminSessions.expiresAt,
      revokedAt: adminSessions.revokedAt,
      username: adminAccounts.username,
      disabledAt: adminAccounts.disabledAt,
      role: adminAccounts.role,
      isp: adminAccounts.isp,
    })
    .from(adminSessions)
    .innerJoin(adminAccounts, eq(adminAccounts.id, adminSessions.accountId))
    .where(eq(adminSessions.tokenHash, tokenHash));
  // A password change or a disabled account revokes the sessions in the same
  // transaction (db/admin/accounts.ts); the disabled flag is checked as well.
  if (!row || row.disabledAt || sessionState(row, now) !== "active") return undefined;
  if (shouldTouch(row.lastSeenAt, now)) {
    await db
      .update(adminSessions)
      .set({ lastSeenAt: now })
      .where(and(eq(adminSessions.tokenHash, tokenHash), lt(adminSessions.lastSeenAt, now)));
  }
  return { accountId: row.accountId, username: row.username, sessionExpiresAt: row.expiresAt, role: row.role === "isp" ? "isp" : "moderator", isp: row.isp };
}

/** Signing out: the session ends for good, whoever holds a copy of the cookie. */
export async function revokeSession(db: Db, token: string | undefined, now = new Date()): Promise<void> {
  if (!looksLikeToken(token)) return;
  await db
    .update(adminSessions)
    .set({ revokedAt: now })
    .where(and(eq(adminSessions.tokenHash, hashSessionToken(token)), isNull(adminSessions.revokedAt)));
}

/** Ends every session of an account (its password changed, or it was disabled). */
export async function revokeAccountSessions(tx: Db, accountId: number, now = new Date()): Promise<number> {
  const rows = await tx
    .update(adminSessions)
    .set({ revokedAt: now })
    .where(and(eq(adminSessions.accountId, accountId), isNull(adminSessions.revokedAt)))
    .returning({ tokenHash: adminSessions.tokenHash });
  return rows.length;
}

/** Sessions that ended over a week ago are of no more use to anyone. */
export async function pruneSessions(tx: Db, now: Date): Promise<void> {
  await tx.delete(adminSessions).where(lt(adminSessions.expiresAt, new Date(now.getTime() - 7 * 86_400_000)));
}

import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { releaseAttempt, reserveAttempt } from "@/db/admin/login-attempts";
import { createSession } from "@/db/admin/sessions";
import { adminAccounts } from "@/db/schema";
import { HashBusyError, hashSlots } from "@/lib/admin/hash-slots";
import { loginCounterKeys, loginVerdict, MAX_FAILURES, type LoginCounter } from "@/lib/admin/login-limits";
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from "@/lib/admin/password-hash";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; accountId: number; role: "moderator" | "isp" }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number }
  | { ok: false; reason: "busy" };

/**
 * One sign-in attempt. In order: reserve the attempt on the client's and the
 * username's counters and refuse at once when either is past its limit (no
 * password is hashed for a refused attempt); check the password — against a
 * hash no password matches when the account does not exist or is disabled,
 * so every wrong answer costs the same time; on success take the reservation
 * back, re-hash an old-parameter hash, and open a session. The answer never
 * says whether the username exists.
 */
export async function signIn(db: Db, input: { username: string; password: string; clientKey: string }, now = new Date()): Promise<SignInResult> {
  const keys = loginCounterKeys(input.clientKey, input.username);
  const all = Object.values(keys);
  const steps = await reserveAttempt(db, all, now);
  const refused = (Object.keys(keys) as LoginCounter[])
    .map((counter) => loginVerdict(steps.get(keys[counter]) ?? [], MAX_FAILURES[counter], now))
    .filter((v) => !v.allowed);
  if (refused.length > 0) {
    await releaseAttempt(db, all, now);
    return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(...refused.map((v) => (v.allowed ? 0 : v.retryAfterSeconds))) };
  }

  const [account] = await db
    .select({ id: adminAccounts.id, passwordHash: adminAccounts.passwordHash, disabledAt: adminAccounts.disabledAt, role: adminAccounts.role })
    .from(adminAccounts)
    .where(eq(adminAccounts.username, input.username));
  let verification;
  try {
    verification = await hashSlots.run(() => verifyPassword(input.password, account?.passwordHash ?? UNMATCHABLE_HASH));
  } catch (error) {
    if (!(error instanceof HashBusyError)) throw error;
    await releaseAttempt(db, all, now);
    return { ok: false, reason: "busy" };
  }
  if (!account || account.disabledAt || !verification.ok) return { ok: false, reason: "invalid" };

  await releaseAttempt(db, all, now);
  if (verification.needsRehash) {
    const passwordHash = await hashSlots.run(() => hashPassword(input.password)).catch(() => undefined);
    // Only if it is still the hash just checked: a password changed meanwhile wins.
    if (passwordHash) await db.update(adminAccounts).set({ passwordHash }).where(and(eq(adminAccounts.id, account.id), eq(adminAccounts.passwordHash, account.passwordHash)));
  }
  const session = await createSession(db, account.id, now);
  return { ok: true, token: session.token, expiresAt: session.expiresAt, accountId: account.id, role: account.role === "isp" ? "isp" : "moderator" };
}

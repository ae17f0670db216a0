import { createHash, randomBytes } from "node:crypto";

// How long a moderator stays signed in. A moderator's laptop can be seized or
// borrowed; a session must not outlive the working day (ABSOLUTE_MS) or a
// coffee break left open (IDLE_MS). Pure: the database keeps the times
// (db/admin/sessions.ts), this decides.

export const ABSOLUTE_MS = 12 * 3600_000;
export const IDLE_MS = 60 * 60_000;
/** A session's last-seen time is written at most this often (one write a minute, not one a click). */
export const TOUCH_EVERY_MS = 60_000;

/**
 * The session cookie. `__Host-` makes the browser insist on Secure, Path=/
 * and no Domain, so no other site or subdomain can set or read it. Secure
 * cookies need HTTPS — browsers make an exception for http://localhost only.
 */
export const SESSION_COOKIE = "__Host-dw-admin";

export type SessionTimes = { createdAt: Date; lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null };
export type SessionState = "active" | "expired" | "idle" | "revoked";

export function sessionState(s: SessionTimes, now: Date): SessionState {
  // Revoked is revoked, whatever the clocks of the instances say.
  if (s.revokedAt) return "revoked";
  if (now.getTime() >= s.expiresAt.getTime()) return "expired";
  if (now.getTime() - s.lastSeenAt.getTime() >= IDLE_MS) return "idle";
  return "active";
}

export const shouldTouch = (lastSeenAt: Date, now: Date) => now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS;

export function newSessionTimes(now: Date): Omit<SessionTimes, "revokedAt"> {
  return { createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + ABSOLUTE_MS) };
}

/** 256 random bits, URL-safe: what the cookie carries. */
export const newSessionToken = () => randomBytes(32).toString("base64url");

/** What the database keeps instead of the token. A fast hash is enough: the token is random, not a password. */
export const hashSessionToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** A cookie value that could be a token at all, before any database read. */
export const looksLikeToken = (value: string | undefined): value is string => typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);

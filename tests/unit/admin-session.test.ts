import { describe, expect, it } from "vitest";
import { loginSchema, passwordProblem, usernameSchema } from "@/lib/admin/account-input";
import { LOGIN_WINDOW_MS, loginCounterKeys, loginVerdict, MAX_FAILURES, type Step } from "@/lib/admin/login-limits";
import { ABSOLUTE_MS, hashSessionToken, IDLE_MS, looksLikeToken, newSessionTimes, newSessionToken, sessionState, shouldTouch } from "@/lib/admin/session-policy";

const T0 = new Date("2026-03-02T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

describe("session expiry", () => {
  const fresh = { ...newSessionTimes(T0), revokedAt: null };

  it("is active while used, for at most 12 hours", () => {
    expect(ABSOLUTE_MS).toBe(12 * 3600_000);
    expect(sessionState(fresh, at(30 * MIN))).toBe("active");
    // Used every half hour all day: still ends at 12 h.
    expect(sessionState({ ...fresh, lastSeenAt: at(ABSOLUTE_MS - 30 * MIN) }, at(ABSOLUTE_MS - MIN))).toBe("active");
    expect(sessionState({ ...fresh, lastSeenAt: at(ABSOLUTE_MS - 30 * MIN) }, at(ABSOLUTE_MS))).toBe("expired");
  });

  it("ends after an hour without use", () => {
    expect(IDLE_MS).toBe(3600_000);
    expect(sessionState(fresh, at(IDLE_MS - 1))).toBe("active");
    expect(sessionState(fresh, at(IDLE_MS))).toBe("idle");
    expect(sessionState({ ...fresh, lastSeenAt: at(50 * MIN) }, at(IDLE_MS + 10 * MIN))).toBe("active");
  });

  it("is over once revoked, whatever the clocks say", () => {
    expect(sessionState({ ...fresh, revokedAt: at(10 * MIN) }, at(MIN))).toBe("revoked");
  });

  it("writes last-seen at most once a minute", () => {
    expect(shouldTouch(T0, at(59_000))).toBe(false);
    expect(shouldTouch(T0, at(60_000))).toBe(true);
  });

  it("makes 256-bit URL-safe tokens and stores only their SHA-256", () => {
    const token = newSessionToken();
    expect(looksLikeToken(token)).toBe(true);
    expect(newSessionToken()).not.toBe(token);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(token)).not.toContain(token);
    for (const bad of [undefined, "", "x".repeat(42), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`]) expect(looksLikeToken(bad)).toBe(false);
  });
});

describe("sign-in limits", () => {
  const steps = (...xs: [number, number][]): Step[] => xs.map(([minute, hits]) => ({ start: at(minute * MIN), hits }));

  it("allows up to five wrong passwords per client and ten per username in 15 minutes", () => {
    expect(MAX_FAILURES).toEqual({ client: 5, username: 10 });
    expect(LOGIN_WINDOW_MS).toBe(15 * MIN);
    // Four failures and this attempt: allowed. Five and this one: refused.
    expect(loginVerdict(steps([0, 2], [3, 3]), 5, at(4 * MIN))).toEqual({ allowed: true });
    expect(loginVerdict(steps([0, 2], [3, 4]), 5, at(4 * MIN)).allowed).toBe(false);
  });

  it("says how long to wait: until enough of the oldest failures are 15 minutes old", () => {
    // Failures at minutes 0 (2) and 3 (3); attempt at 4:30. Dropping minute 0
    // leaves 3 + this attempt = 4 ≤ 5: allowed from minute 15.
    const verdict = loginVerdict(steps([0, 2], [3, 4]), 5, at(4.5 * MIN));
    expect(verdict).toEqual({ allowed: false, retryAfterSeconds: 10.5 * 60 });
    // All in one minute: wait until that minute is 15 minutes old.
    expect(loginVerdict(steps([3, 6]), 5, at(3.5 * MIN))).toEqual({ allowed: false, retryAfterSeconds: 14.5 * 60 });
  });

  it("forgets failures older than the window", () => {
    expect(loginVerdict(steps([0, 5], [16, 1]), 5, at(16 * MIN))).toEqual({ allowed: true });
  });

  it("keys the username by a hash, never as typed (people type passwords into it)", () => {
    const keys = loginCounterKeys("abc123", "my secret password");
    expect(keys.client).toBe("login-client:abc123");
    expect(keys.username).toMatch(/^login-user:[0-9a-f]{32}$/);
    expect(keys.username).not.toContain("secret");
  });
});

describe("account input", () => {
  it("takes usernames in lower case, 2 to 32 ASCII letters, digits and . _ -", () => {
    expect(usernameSchema.parse("  Ayesha.K ")).toBe("ayesha.k");
    for (const bad of ["a", "-ana", "ana khan", "آمنہ", "аdmin" /* Cyrillic а */, "x".repeat(33)]) expect(usernameSchema.safeParse(bad).success).toBe(false);
  });

  it("wants passwords of at least 12 characters as people count them, and not the username", () => {
    expect(passwordProblem("elevenchars", "ana")).toBe("password_short");
    expect(passwordProblem("twelve chars", "ana")).toBeUndefined();
    // Twelve Urdu letters are twelve characters, though more bytes.
    expect(passwordProblem("رابطہبحالکرو", "ana")).toBeUndefined();
    expect(passwordProblem("Ayesha.Khan.1", "ayesha.khan.1")).toBe("password_is_username");
    expect(passwordProblem("x".repeat(257), "ana")).toBe("password_long");
  });

  it("names the empty field on sign-in", () => {
    const result = loginSchema.safeParse({ username: " ", password: "" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0]).sort()).toEqual(["password", "username"]);
  });
});

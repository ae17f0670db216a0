import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, ispOrgs } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import { hashApiToken, looksLikeApiToken, MAX_TOKEN_LABEL, newApiToken, tokenLabel, tokenPrefix } from "@/lib/isp-desk/token";
import { tierOf, type Tier } from "@/lib/isp-desk/tiers";

// An ISP's read-API tokens (lib/isp-desk/token.ts says what one is). Made
// on the desk and shown once; the table keeps the hash, a prefix to tell
// them apart, who made each and when, when it was last used, and when it
// was revoked. A revoked token stays (logs name tokens by id) and never
// works again. Every change is scoped to the ISP asking: an id of another
// ISP's token changes nothing.

/** Live tokens an ISP may hold at once: one per tool that reads, not one per request. */
export const MAX_TOKENS = 20;
/** How often a token's last use is written: at most once a minute, not once a read. */
export const TOUCH_EVERY_MS = 60_000;

export type TokenRow = { id: number; label: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
export type TokenHolder = { id: number; isp: string; tier: Tier };

/** A new token for the ISP; the token itself is in the answer only, never stored. A bad label is a 400 naming `label`. */
export async function createToken(db: Db, input: { isp: string; label: string; accountId: number }, now: Date): Promise<{ id: number; token: string; prefix: string }> {
  const label = tokenLabel.safeParse(input.label);
  if (!label.success) {
    const code = label.error.issues[0]?.message === "label_long" ? "label_long" : "required";
    throw new ApiError(400, code, code === "label_long" ? `label: at most ${MAX_TOKEN_LABEL} characters` : "label: give the token a name", "label");
  }
  return db.transaction(async (tx) => {
    // The ISP's row, locked: two posts at once count one after the other, so the cap holds.
    await tx.select({ isp: ispOrgs.isp }).from(ispOrgs).where(eq(ispOrgs.isp, input.isp)).for("update");
    const live = await tx
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.isp, input.isp), isNull(apiTokens.revokedAt)));
    if (live.length >= MAX_TOKENS) throw new ApiError(409, "too_many_tokens", `label: at most ${MAX_TOKENS} live tokens; revoke one first`, "label");
    const token = newApiToken();
    const [row] = await tx
      .insert(apiTokens)
      .values({ isp: input.isp, label: label.data, tokenHash: hashApiToken(token), prefix: tokenPrefix(token), createdAt: now, createdBy: input.accountId })
      .returning({ id: apiTokens.id });
    return { id: row!.id, token, prefix: tokenPrefix(token) };
  });
}

/** The ISP's tokens, newest first, revoked ones too (marked). */
export async function listTokens(db: Db, isp: string): Promise<TokenRow[]> {
  return db
    .select({ id: apiTokens.id, label: apiTokens.label, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.isp, isp))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** The ISP's tier (isp_orgs.tier), which sets its tokens' read limit. */
export async function ispTier(db: Db, isp: string): Promise<Tier> {
  const [row] = await db.select({ tier: ispOrgs.tier }).from(ispOrgs).where(eq(ispOrgs.isp, isp));
  return tierOf(row?.tier);
}

/** Revokes one of the ISP's own tokens; false when it has no such live token (another ISP's id, or revoked already). */
export async function revokeToken(db: Db, isp: string, id: number, now: Date): Promise<boolean> {
  const done = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.isp, isp), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return done.length === 1;
}

/** Whose a token is, with its ISP's tier; undefined when unknown or revoked. Notes its use (at most once a minute). */
export async function tokenOf(db: Db, token: string, now: Date): Promise<TokenHolder | undefined> {
  if (!looksLikeApiToken(token)) return undefined;
  const tokenHash = hashApiToken(token);
  const [row] = await db
    .select({ id: apiTokens.id, isp: apiTokens.isp, tier: ispOrgs.tier, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(ispOrgs, eq(ispOrgs.isp, apiTokens.isp))
    .where(eq(apiTokens.tokenHash, tokenHash));
  if (!row || row.revokedAt) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    const before = new Date(now.getTime() - TOUCH_EVERY_MS + 1);
    // Conditional, so instances reading the same token at once write it once.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, before))));
  }
  return { id: row.id, isp: row.isp, tier: tierOf(row.tier) };
}

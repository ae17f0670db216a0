import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { subscriptions } from "@/db/schema";
import { keptSecret } from "@/db/secrets";
import type { Follows } from "@/lib/alerts/follows";
import { targetOf, type SubscribeInput } from "@/lib/alerts/subscribe-input";

// Subscriptions: made, confirmed (e-mail), ended. Its owner knows it by a
// token: its id and an HMAC of the id with a secret kept in `settings`, so
// every notice can carry the links to manage and to unsubscribe without a
// token being stored anywhere, and no one can guess another's.

/** How long an e-mail confirmation link works; an unconfirmed subscription (and its address) is deleted after it. */
export const CONFIRM_MS = 48 * 3600_000;
const TOKEN_SECRET = "alerts.token-secret";

export type Subscription = typeof subscriptions.$inferSelect & { follows: Follows };

const tokenSecret = (db: Db) => keptSecret(db, TOKEN_SECRET, () => randomBytes(32).toString("hex"));

const mac = (secret: string, id: number) => createHmac("sha256", secret).update(`subscription:${id}`).digest("base64url").slice(0, 32);

export async function tokenFor(db: Db, id: number): Promise<string> {
  return `${id}-${mac(await tokenSecret(db), id)}`;
}

export async function createSubscription(db: Db, input: SubscribeInput, now: Date): Promise<{ id: number; token: string; secret: string | null }> {
  const secret = input.channel === "webhook" ? `whsec_${randomBytes(24).toString("base64")}` : null;
  const email = input.channel === "email";
  const [row] = await db
    .insert(subscriptions)
    .values({
      channel: input.channel,
      target: targetOf(input),
      secret,
      follows: input.follows,
      notifyEnd: input.notifyEnd,
      lang: input.lang,
      createdAt: now,
      // Push (the browser asked its user) and webhooks (the owner holds the secret) are confirmed as made.
      confirmedAt: email ? null : now,
      confirmBy: email ? new Date(now.getTime() + CONFIRM_MS) : null,
    })
    .returning({ id: subscriptions.id });
  return { id: row!.id, token: await tokenFor(db, row!.id), secret };
}

export async function findSubscription(db: Db, token: string): Promise<Subscription | undefined> {
  const m = /^(\d{1,15})-([\w-]{32})$/.exec(token);
  if (!m) return undefined;
  const id = Number(m[1]);
  const expected = Buffer.from(mac(await tokenSecret(db), id));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return row as Subscription | undefined;
}

export type ConfirmResult = "confirmed" | "already" | "expired" | "unknown" | "unsubscribed";

/** Follows the confirmation link: from now on notices are owed to it. */
export async function confirmSubscription(db: Db, token: string, now: Date): Promise<ConfirmResult> {
  const sub = await findSubscription(db, token);
  if (!sub) return "unknown";
  if (sub.unsubscribedAt) return "unsubscribed";
  if (sub.confirmedAt) return "already";
  if (sub.confirmBy && sub.confirmBy <= now) return "expired";
  await db.update(subscriptions).set({ confirmedAt: now }).where(and(eq(subscriptions.id, sub.id), isNull(subscriptions.confirmedAt)));
  return "confirmed";
}

/** Ends a subscription (idempotent): nothing more is sent to it, pending notices included, and its address, endpoint or URL is deleted. */
export async function unsubscribe(db: Db, token: string, now: Date): Promise<"unsubscribed" | "already" | "unknown"> {
  const sub = await findSubscription(db, token);
  if (!sub) return "unknown";
  if (sub.unsubscribedAt) return "already";
  await endSubscription(db, sub.id, now);
  return "unsubscribed";
}

/** The end of a subscription: its target and secret are wiped, what it followed and its notices' record stay. */
export async function endSubscription(db: Db, id: number, now: Date): Promise<void> {
  await db.update(subscriptions).set({ unsubscribedAt: now, target: "", secret: null }).where(eq(subscriptions.id, id));
}

/** Forgets e-mail subscriptions never confirmed within their time (an address someone else typed). */
export async function pruneUnconfirmed(db: Db, now: Date): Promise<void> {
  await db.delete(subscriptions).where(and(isNull(subscriptions.confirmedAt), lt(subscriptions.confirmBy, now)));
}

import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createSubscription, endSubscription } from "@/db/alerts/subscriptions";
import { deliveryAttempts, ispOrgs, notifications, subscriptions } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import { checkWebhookUrl } from "@/lib/isp-desk/webhook-input";

// An ISP desk's webhooks: subscriptions of the alerts outbox (db/alerts)
// owned by the ISP (owner_isp). Each follows the incidents that touch the
// ISP's network, is told when one opens, grows and ends
// (db/alerts/queue.ts), and is confirmed as made: the desk is signed in,
// and only its owner holds the signing secret (`whsec_…`, Standard
// Webhooks), shown once. The desk sees each one's recent notices and every
// attempt to deliver them. Every change is scoped to the ISP asking.

/** Webhooks an ISP may have at once: a few receivers (production, staging), not a fan-out service. */
export const MAX_WEBHOOKS = 5;
/** Notices shown per webhook, newest first. */
const RECENT_NOTICES = 20;

export type IspWebhook = {
  id: number;
  url: string;
  createdAt: Date;
  notices: {
    id: number;
    incidentId: number;
    event: string;
    status: string;
    createdAt: Date;
    sentAt: Date | null;
    nextAttemptAt: Date;
    attempts: { at: Date; ok: boolean; status: number | null; error: string | null; durationMs: number }[];
  }[];
};

/** Registers a webhook for the ISP; its secret is in the answer only. A bad URL is a 400 naming `url`. */
export async function registerIspWebhook(
  db: Db,
  input: { isp: string; url: string; lang?: "en" | "ur" },
  now: Date,
  o: { allowPrivate: boolean },
): Promise<{ id: number; secret: string }> {
  const checked = checkWebhookUrl(input.url, o.allowPrivate);
  if (!checked.ok) {
    throw new ApiError(400, checked.code, checked.code === "private_address" ? "url: a webhook cannot point at a private or local address" : "url: give an https URL without a user name or password", "url");
  }
  return db.transaction(async (tx) => {
    // The ISP's row, locked: two posts at once count one after the other, so the cap holds.
    await tx.select({ isp: ispOrgs.isp }).from(ispOrgs).where(eq(ispOrgs.isp, input.isp)).for("update");
    const live = await tx
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.ownerIsp, input.isp), isNull(subscriptions.unsubscribedAt)));
    if (live.length >= MAX_WEBHOOKS) throw new ApiError(409, "too_many_webhooks", `url: at most ${MAX_WEBHOOKS} webhooks; remove one first`, "url");
    const made = await createSubscription(
      tx,
      { channel: "webhook", url: checked.url, follows: { services: [], isps: [input.isp], areas: [] }, notifyEnd: true, lang: input.lang ?? "en" },
      now,
    );
    // In the same transaction: no queue run ever sees it without its owner.
    await tx.update(subscriptions).set({ ownerIsp: input.isp }).where(eq(subscriptions.id, made.id));
    return { id: made.id, secret: made.secret! };
  });
}

/** The ISP's live webhooks, newest first, each with its recent notices and their attempts. */
export async function listIspWebhooks(db: Db, isp: string): Promise<IspWebhook[]> {
  const hooks = await db
    .select({ id: subscriptions.id, url: subscriptions.target, createdAt: subscriptions.createdAt })
    .from(subscriptions)
    .where(and(eq(subscriptions.ownerIsp, isp), isNull(subscriptions.unsubscribedAt)))
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id));
  const out: IspWebhook[] = [];
  for (const hook of hooks) {
    const notices = await db
      .select({
        id: notifications.id,
        incidentId: notifications.incidentId,
        event: notifications.event,
        status: notifications.status,
        createdAt: notifications.createdAt,
        sentAt: notifications.sentAt,
        nextAttemptAt: notifications.nextAttemptAt,
      })
      .from(notifications)
      .where(eq(notifications.subscriptionId, hook.id))
      .orderBy(desc(notifications.id))
      .limit(RECENT_NOTICES);
    const attempts = notices.length
      ? await db
          .select()
          .from(deliveryAttempts)
          .where(inArray(deliveryAttempts.notificationId, notices.map((n) => n.id)))
          .orderBy(deliveryAttempts.at, deliveryAttempts.id)
      : [];
    out.push({
      ...hook,
      notices: notices.map((n) => ({
        ...n,
        attempts: attempts.filter((a) => a.notificationId === n.id).map((a) => ({ at: a.at, ok: a.ok, status: a.status, error: a.error, durationMs: a.durationMs })),
      })),
    });
  }
  return out;
}

/** Removes one of the ISP's own webhooks (its URL and secret are wiped; pending notices are not sent); false when it has no such live webhook. */
export async function removeIspWebhook(db: Db, isp: string, id: number, now: Date): Promise<boolean> {
  const [mine] = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), eq(subscriptions.ownerIsp, isp), isNull(subscriptions.unsubscribedAt)));
  if (!mine) return false;
  await endSubscription(db, mine.id, now);
  return true;
}

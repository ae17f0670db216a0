import { Webhook } from "standardwebhooks";
import webpush from "web-push";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { mailer } from "@/db/alerts/mailer";
import { vapidKeys } from "@/db/alerts/keys";
import { endSubscription, tokenFor } from "@/db/alerts/subscriptions";
import { deliveryAttempts, notifications, subscriptions } from "@/db/schema";
import { buildNotice, type NoticeEvent, type NoticeIncident } from "@/lib/alerts/notice";
import { nextAttemptIn } from "@/lib/alerts/retry";
import { PrivateAddressError, safePost } from "@/lib/alerts/safe-post";
import type { Env } from "@/lib/env";
import { errorMessage } from "@/lib/ops/log";

// Delivering the outbox (db/schema/alerts.ts, notifications). A run takes
// due notices one at a time: it claims one (`for update skip locked`, with
// a claim that lapses after two minutes should its instance die, longer
// than any one send may take), sends it, and moves the notice on only if
// the claim is still its own — so two instances never send the same notice
// at once. Every attempt is also a row of delivery_attempts (when, the
// status or error, how long it took), which the ISP desk shows. A failure
// is retried on the schedule of lib/alerts/retry.ts, then marked failed. A
// receiver that answers 410 (a webhook) or 404/410 (a push service) has
// gone: its subscription ends, and its address with it. A webhook carries
// the same webhook-id on every retry, so a receiver drops a repeat should
// an instance die between sending and recording. Errors are recorded by
// status code, never by the text a server sent back (an SMTP server
// repeats the address it refused).

const CLAIM_MS = 2 * 60_000;
const BATCH = 25;
const TIMEOUT_MS = 15_000;

type Claimed = { id: number; subscription_id: number | string; event: NoticeEvent; message_id: string; payload: NoticeIncident | string; attempts: number; claimed_until: Date | string };
type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string; retryAfterMs: number | null; gone: boolean };

export type DeliveryOptions = { baseUrl: string; timeZone: string; env: Env };

export async function deliverDue(db: Db, o: DeliveryOptions, now: Date): Promise<{ sent: number; retried: number; failed: number }> {
  const tally = { sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < BATCH; i++) {
    const n = await claimOne(db, now);
    if (!n) break;
    const claim = new Date(n.claimed_until);
    const mine = and(eq(notifications.id, n.id), eq(notifications.claimedUntil, claim));
    const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.id, Number(n.subscription_id)));
    if (!sub || sub.unsubscribedAt) {
      await db.update(notifications).set({ status: "cancelled", claimedUntil: null }).where(mine);
      continue;
    }
    const incident = (typeof n.payload === "string" ? JSON.parse(n.payload) : n.payload) as NoticeIncident;
    const began = performance.now();
    const outcome = await attempt(db, sub, n, incident, o, now);
    const attempts = n.attempts + 1;
    // Every attempt, whatever the channel and whether or not the claim is
    // still ours: it happened, and the desk shows it. Written after the
    // notice has moved on, which is what keeps it from being sent again.
    const attempted = {
      notificationId: n.id,
      at: now,
      ok: outcome.ok,
      status: outcome.status,
      error: outcome.ok ? null : outcome.error.slice(0, 200),
      durationMs: Math.round(performance.now() - began),
    };
    if (outcome.ok) {
      tally.sent++;
      await db.update(notifications).set({ status: "sent", attempts, sentAt: now, lastStatus: outcome.status, lastError: null, claimedUntil: null }).where(mine);
      await db.insert(deliveryAttempts).values(attempted);
      continue;
    }
    const wait = outcome.gone ? null : nextAttemptIn(attempts, outcome.retryAfterMs);
    if (wait === null) tally.failed++;
    else tally.retried++;
    await db
      .update(notifications)
      .set({
        status: wait === null ? "failed" : "pending",
        attempts,
        nextAttemptAt: wait === null ? now : new Date(now.getTime() + wait),
        lastStatus: outcome.status,
        lastError: outcome.error.slice(0, 200),
        claimedUntil: null,
      })
      .where(mine);
    await db.insert(deliveryAttempts).values(attempted);
    // An ISP desk's webhook stays, with the failed notice and its attempts on the desk: its staff see why and fix it.
    if (outcome.gone && !sub.ownerIsp) await endSubscription(db, sub.id, now);
  }
  return tally;
}

async function claimOne(db: Db, now: Date): Promise<Claimed | undefined> {
  const [row] = rowsOf<Claimed>(
    await db.execute(sql`
      update notifications set claimed_until = ${new Date(now.getTime() + CLAIM_MS).toISOString()}::timestamptz
      where id = (
        select id from notifications
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
          and (claimed_until is null or claimed_until <= ${now.toISOString()}::timestamptz)
        order by id limit 1
        for update skip locked)
      returning id, subscription_id, event, message_id, payload, attempts, claimed_until`),
  );
  return row;
}

async function attempt(db: Db, sub: typeof subscriptions.$inferSelect, n: Claimed, incident: NoticeIncident, o: DeliveryOptions, now: Date): Promise<Outcome> {
  const token = await tokenFor(db, sub.id);
  const prefix = sub.lang === "ur" ? `${o.baseUrl}/ur` : o.baseUrl;
  const manageUrl = `${prefix}/alerts/manage?token=${token}`;
  const unsubscribeUrl = `${o.baseUrl}/api/v1/alerts/unsubscribe/${token}`;
  const notice = buildNotice(incident, n.event, { baseUrl: o.baseUrl, lang: sub.lang, timeZone: o.timeZone, manageUrl, unsubscribeUrl: sub.channel === "email" ? unsubscribeUrl : undefined, now });
  const post = { timeoutMs: TIMEOUT_MS, allowPrivate: o.env.WEBHOOK_ALLOW_PRIVATE };
  try {
    if (sub.channel === "email") {
      const mail = mailer(o.env);
      if (!mail) return { ok: false, status: null, error: "e-mail is off (no SMTP_URL)", retryAfterMs: 3600_000, gone: false };
      await mail.transport.sendMail({
        from: mail.from,
        to: sub.target,
        subject: notice.subject,
        text: notice.text,
        list: { unsubscribe: { url: unsubscribeUrl, comment: "Unsubscribe" }, id: { url: new URL(o.baseUrl).host, comment: "Disruption Watch alerts" } },
        // RFC 8058 one-click: a mail client POSTs List-Unsubscribe=One-Click to the URL above.
        headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      });
      return { ok: true, status: 250 };
    }
    if (sub.channel === "webhook") {
      const body = JSON.stringify(notice.webhook);
      // Signed at the moment it is sent: receivers hold webhook-timestamp to five minutes.
      const at = new Date();
      const res = await safePost(
        sub.target,
        { "Content-Type": "application/json", "webhook-id": n.message_id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(sub.secret!).sign(n.message_id, at, body) },
        body,
        post,
      );
      return res.status >= 200 && res.status < 300
        ? { ok: true, status: res.status }
        : { ok: false, status: res.status, error: `the receiver answered ${res.status}`, retryAfterMs: res.retryAfterMs, gone: res.status === 410 };
    }
    // Web Push: web-push encrypts (aes128gcm) and signs (VAPID); the request goes out like a webhook's.
    const keys = await vapidKeys(db, o.env);
    const details = webpush.generateRequestDetails(JSON.parse(sub.target) as webpush.PushSubscription, JSON.stringify(notice.push), {
      vapidDetails: { subject: o.baseUrl.startsWith("https:") ? o.baseUrl : "mailto:alerts@disruption.watch", publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: 6 * 3600,
      urgency: "high",
    });
    const res = await safePost(details.endpoint, details.headers as Record<string, string>, details.body ?? Buffer.alloc(0), post);
    return res.status >= 200 && res.status < 300
      ? { ok: true, status: res.status }
      : { ok: false, status: res.status, error: `the push service answered ${res.status}`, retryAfterMs: res.retryAfterMs, gone: res.status === 404 || res.status === 410 };
  } catch (error) {
    if (error instanceof PrivateAddressError) return { ok: false, status: null, error: error.message, retryAfterMs: null, gone: true };
    // Only codes: an SMTP server's reply repeats the address it refused.
    const e = error as { code?: string; responseCode?: number; statusCode?: number };
    const status = e.responseCode ?? e.statusCode ?? null;
    return { ok: false, status, error: sub.channel === "email" ? `smtp ${e.code ?? ""} ${e.responseCode ?? ""}`.trim() : errorMessage(error), retryAfterMs: null, gone: false };
  }
}

import { lookup } from "node:dns/promises";
import { Webhook } from "standardwebhooks";
import webpush from "web-push";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { mailer } from "@/db/alerts/mailer";
import { vapidKeys } from "@/db/alerts/keys";
import { tokenFor } from "@/db/alerts/subscriptions";
import { notifications, subscriptions } from "@/db/schema";
import { buildNotice, type NoticeEvent, type NoticeIncident } from "@/lib/alerts/notice";
import { isPrivateAddress, isPrivateHost } from "@/lib/alerts/private-address";
import { nextAttemptIn } from "@/lib/alerts/retry";
import type { Env } from "@/lib/env";
import { errorMessage } from "@/lib/ops/log";

// Delivering the outbox (db/schema/alerts.ts, notifications). A run claims
// due notices (`for update skip locked`, and a claim that lapses after two
// minutes should its instance die), so two instances never send the same
// one at once; each attempt is recorded; a failure is retried on the
// schedule of lib/alerts/retry.ts, then marked failed. A receiver that
// answers 410 (a webhook) or 404/410 (a push service) has gone: its
// subscription ends. A webhook carries the same webhook-id on every retry,
// so a receiver drops a repeat should an instance die between sending and
// recording.

const CLAIM_MS = 2 * 60_000;
const BATCH = 25;
const TIMEOUT_MS = 15_000;

type Claimed = { id: number; subscription_id: number | string; event: NoticeEvent; message_id: string; payload: NoticeIncident | string; attempts: number };
type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string; retryAfterMs: number | null; gone: boolean };

export type DeliveryOptions = { baseUrl: string; timeZone: string; env: Env; fetch?: typeof fetch };

export async function deliverDue(db: Db, o: DeliveryOptions, now: Date): Promise<{ sent: number; retried: number; failed: number }> {
  const claimed = rowsOf<Claimed>(
    await db.execute(sql`
      update notifications set claimed_until = ${new Date(now.getTime() + CLAIM_MS).toISOString()}::timestamptz
      where id in (
        select id from notifications
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
          and (claimed_until is null or claimed_until <= ${now.toISOString()}::timestamptz)
        order by id limit ${BATCH}
        for update skip locked)
      returning id, subscription_id, event, message_id, payload, attempts`),
  );
  const tally = { sent: 0, retried: 0, failed: 0 };
  for (const n of claimed) {
    const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.id, Number(n.subscription_id)));
    if (!sub || sub.unsubscribedAt) {
      await db.update(notifications).set({ status: "cancelled", claimedUntil: null }).where(eq(notifications.id, n.id));
      continue;
    }
    const incident = (typeof n.payload === "string" ? JSON.parse(n.payload) : n.payload) as NoticeIncident;
    const outcome = await attempt(db, sub, n, incident, o, now);
    const attempts = n.attempts + 1;
    if (outcome.ok) {
      tally.sent++;
      await db
        .update(notifications)
        .set({ status: "sent", attempts, sentAt: now, lastStatus: outcome.status, lastError: null, claimedUntil: null })
        .where(eq(notifications.id, n.id));
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
        lastError: outcome.error.slice(0, 300),
        claimedUntil: null,
      })
      .where(eq(notifications.id, n.id));
    if (outcome.gone) await db.update(subscriptions).set({ unsubscribedAt: now }).where(eq(subscriptions.id, sub.id));
  }
  return tally;
}

async function attempt(db: Db, sub: typeof subscriptions.$inferSelect, n: Claimed, incident: NoticeIncident, o: DeliveryOptions, now: Date): Promise<Outcome> {
  const token = await tokenFor(db, sub.id);
  const prefix = sub.lang === "ur" ? `${o.baseUrl}/ur` : o.baseUrl;
  const manageUrl = `${prefix}/alerts/manage?token=${token}`;
  const unsubscribeUrl = `${o.baseUrl}/api/v1/alerts/unsubscribe/${token}`;
  const notice = buildNotice(incident, n.event, { baseUrl: o.baseUrl, lang: sub.lang, timeZone: o.timeZone, manageUrl, unsubscribeUrl: sub.channel === "email" ? unsubscribeUrl : undefined, now });
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
    if (sub.channel === "webhook") return await postWebhook(sub.target, sub.secret!, n.message_id, notice.webhook, o, now);
    // web-push encrypts (aes128gcm) and signs (VAPID); the request goes out like a webhook's.
    const keys = await vapidKeys(db, o.env);
    const details = webpush.generateRequestDetails(JSON.parse(sub.target) as webpush.PushSubscription, JSON.stringify(notice.push), {
      vapidDetails: { subject: o.baseUrl.startsWith("https:") ? o.baseUrl : "mailto:alerts@disruption.watch", publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: 6 * 3600,
      urgency: "high",
    });
    const res = await (o.fetch ?? fetch)(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body ? new Uint8Array(details.body) : null,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `the push service answered ${res.status}`, retryAfterMs: retryAfterOf(res), gone: res.status === 404 || res.status === 410 };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode ?? null;
    return { ok: false, status, error: errorMessage(error), retryAfterMs: null, gone: false };
  }
}

async function postWebhook(url: string, secret: string, messageId: string, payload: object, o: DeliveryOptions, now: Date): Promise<Outcome> {
  const target = new URL(url);
  if (!o.env.WEBHOOK_ALLOW_PRIVATE) {
    const addresses = isPrivateHost(target.hostname) ? [target.hostname] : (await lookup(target.hostname, { all: true })).map((a) => a.address);
    if (isPrivateHost(target.hostname) || addresses.some(isPrivateAddress)) {
      return { ok: false, status: null, error: "the webhook's host is a private address", retryAfterMs: null, gone: true };
    }
  }
  const body = JSON.stringify(payload);
  const signature = new Webhook(secret).sign(messageId, now, body);
  const res = await (o.fetch ?? fetch)(target, {
    method: "POST",
    headers: { "Content-Type": "application/json", "webhook-id": messageId, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": signature },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  return { ok: false, status: res.status, error: `the receiver answered ${res.status}`, retryAfterMs: retryAfterOf(res), gone: res.status === 410 };
}

function retryAfterOf(res: Response): number | null {
  const seconds = Number(res.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

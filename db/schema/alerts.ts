import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// Alerts (db/alerts, docs/alerts.md): people who follow a service, a
// provider or an area, and the notices owed to them.

// One subscription: a channel and where to deliver (an e-mail address, a
// browser's push subscription, a webhook URL — kept only to deliver, never
// exported or logged), what it follows, and whether it also wants the end.
// Known to its owner by a token derived from its id with a secret kept in
// `settings` (db/alerts/subscriptions.ts), so every notice can carry it.
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    channel: text("channel").notNull(),
    target: text("target").notNull(),
    // A webhook's signing secret (whsec_…), shown once to its owner.
    secret: text("secret"),
    // { services: string[], isps: string[], areas: string[] }: empty lists mean any.
    follows: jsonb("follows").notNull(),
    notifyEnd: boolean("notify_end").notNull(),
    lang: text("lang").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    // E-mail: null until the link in the confirmation mail is followed; nothing is sent before.
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    confirmBy: timestamp("confirm_by", { withTimezone: true }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
    // An ISP desk's webhook (docs/isp-desk.md): the ISP it belongs to. It
    // follows that ISP's incidents and is told of updates as well.
    ownerIsp: text("owner_isp"),
  },
  (t) => [index("subscriptions_active_idx").on(t.confirmedAt).where(sql`${t.unsubscribedAt} is null`)],
);

// The outbox: one row per subscription, incident and event ("opened",
// "ended"), so a notice is owed once whatever the number of instances,
// restarts or linked scopes. Delivery claims rows, retries with backoff,
// and records each attempt.
export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    subscriptionId: bigint("subscription_id", { mode: "number" })
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    incidentId: bigint("incident_id", { mode: "number" }).notNull(),
    event: text("event").notNull(),
    // webhook-id: the same on every retry, so a receiver can drop a repeat.
    messageId: text("message_id").notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    lastError: text("last_error"),
    lastStatus: integer("last_status"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("notifications_once_idx").on(t.subscriptionId, t.incidentId, t.event),
    index("notifications_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

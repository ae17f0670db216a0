import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Reports by SMS and WhatsApp (db/intake/inbound.ts, docs/sms.md). No phone
// number is stored: a sender is known by an HMAC of its number.

// A report in the making: what a sender's earlier message gave when it
// lacked a required field, for 15 minutes, keyed by the sender key of the
// day (lib/privacy/client-key.ts). Only parsed fields, never the text.
export const intakeConversations = pgTable("intake_conversations", {
  senderKey: text("sender_key").primaryKey(),
  channel: text("channel").notNull(),
  fields: jsonb("fields").notNull(),
  language: text("language").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

// Senders who sent STOP: no reply goes to them until they send START. Keyed
// by an HMAC of the number with a secret kept for good (not the daily one,
// or STOP would lapse at midnight): it can tell that a number opted out
// when that number writes, and nothing else.
export const intakeOptOuts = pgTable("intake_opt_outs", {
  numberHash: text("number_hash").primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull(),
});

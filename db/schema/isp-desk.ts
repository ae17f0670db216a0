import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { adminAccounts } from "./moderation";
import { notifications } from "./alerts";
import { isps } from "./reports";

// The ISP desk (docs/isp-desk.md): providers' organisations, their API
// tokens, each delivery attempt of the outbox, and their statements on
// incidents (the right of reply).

// An ISP that has a desk: made with `npm run admin -- isp add <isp-slug> <username>`.
// Its staff are admin_accounts rows with role 'isp' and this slug. The tier
// decides the read API's rate limit for its tokens (lib/isp-desk/tiers.ts).
export const ispOrgs = pgTable("isp_orgs", {
  isp: text("isp")
    .primaryKey()
    .references(() => isps.slug),
  tier: text("tier").notNull().default("standard"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// A read-API token of an ISP. Only the SHA-256 of the token is stored; the
// token itself is shown once, when made. `prefix` (its first characters)
// lets the desk tell tokens apart. Revoked, never deleted: logs name a token by id.
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    isp: text("isp")
      .notNull()
      .references(() => ispOrgs.isp),
    label: text("label").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => adminAccounts.id),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_isp_idx").on(t.isp)],
);

// Every attempt to deliver a notice of the outbox (db/alerts/deliver.ts),
// so the desk can show each one: when, what the receiver answered, or why
// it failed (by status code, never the receiver's text).
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    notificationId: bigint("notification_id", { mode: "number" })
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    ok: boolean("ok").notNull(),
    status: integer("status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("delivery_attempts_notification_idx").on(t.notificationId, t.at)],
);

// An ISP's statement on an incident: one row per version, never changed.
// The first version's id is the statement's id (`statement_id`); an edit
// adds a row with the next version. Rows are sealed in the hour they were
// posted (seal v2, lib/seals).
export const ispStatements = pgTable(
  "isp_statements",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    statementId: bigint("statement_id", { mode: "number" }).notNull(),
    version: integer("version").notNull(),
    incidentId: bigint("incident_id", { mode: "number" }).notNull(),
    isp: text("isp")
      .notNull()
      .references(() => ispOrgs.isp),
    status: text("status").notNull(),
    text: text("text").notNull(),
    lang: text("lang").notNull(),
    cause: text("cause"),
    restoredAt: timestamp("restored_at", { withTimezone: true }),
    postedAt: timestamp("posted_at", { withTimezone: true }).notNull(),
    postedBy: integer("posted_by")
      .notNull()
      .references(() => adminAccounts.id),
  },
  (t) => [
    uniqueIndex("isp_statements_version_idx").on(t.statementId, t.version),
    index("isp_statements_incident_idx").on(t.incidentId),
    index("isp_statements_posted_idx").on(t.postedAt, t.id),
  ],
);

// A statement hidden by moderation (all its versions), with the reason; the
// same decision is an audit entry. A row beside the statement, as
// comment_reviews is beside a report.
export const statementHides = pgTable("statement_hides", {
  statementId: bigint("statement_id", { mode: "number" }).primaryKey(),
  hiddenAt: timestamp("hidden_at", { withTimezone: true }).notNull(),
  hiddenBy: integer("hidden_by")
    .notNull()
    .references(() => adminAccounts.id),
  reason: text("reason").notNull(),
});

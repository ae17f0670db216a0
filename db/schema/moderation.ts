import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { COMMENT_STATES } from "@/lib/moderation/vocabulary";
import { isps, reports } from "./reports";

// What moderation did and why (issue #6 writes it): a report is never edited,
// voiding it adds a row here. Rows are sealed in the hour they were made
// (db/seals), so the record of who changed what is as tamper-evident as the
// reports themselves.
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    reportId: bigint("report_id", { mode: "number" }).references(() => reports.id),
    reason: text("reason"),
    details: jsonb("details"),
  },
  (t) => [index("audit_log_at_idx").on(t.at, t.id), index("audit_log_report_idx").on(t.reportId)],
);

// Moderator accounts, made on the server with `npm run admin` (scripts/admin.ts).
// Never deleted: the audit log names an account by its number
// ("moderator-3", lib/moderation/vocabulary.ts), so a number must go on
// meaning the same account; one no longer needed is disabled. The password
// hash is self-describing (lib/admin/password-hash.ts). An account is a
// moderator's or an ISP's staff member's (role 'isp', with the ISP's slug):
// one sign-in, one kind of session; the role decides what it sees.
export const adminAccounts = pgTable(
  "admin_accounts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // Lower case, checked by lib/admin/account-input.ts.
    username: text("username").notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    role: text("role").notNull().default("moderator"),
    isp: text("isp").references(() => isps.slug),
  },
  (t) => [check("admin_accounts_role_check", sql`(${t.role} = 'moderator' and ${t.isp} is null) or (${t.role} = 'isp' and ${t.isp} is not null)`)],
);

// Signed-in moderators. Only the SHA-256 of the random token is stored: a
// copy of the database (a backup, a replica) cannot be used to sign in. A
// session ends at `expires_at` (absolute), after a spell of inactivity
// (`last_seen_at`, lib/admin/session-policy.ts), or when revoked — on sign
// out, and for every session of an account whose password changes or that is
// disabled. Expired rows are pruned by a job; they are not evidence.
export const adminSessions = pgTable(
  "admin_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => adminAccounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("admin_sessions_account_idx").on(t.accountId), index("admin_sessions_expires_idx").on(t.expiresAt)],
);

export const commentStateEnum = pgEnum("comment_state", COMMENT_STATES);

// A moderator's decision on a report's comment: published or hidden; no row
// means it waits in the queue. A table beside `reports` rather than a column
// on it: a report stays as it was received (only voiding touches its status),
// ingest (db/ingest.ts) never has to know about moderation, and a decision
// carries who made it and when. One row per report, changed in place when a
// moderator reverses it; every change is also an audit entry, so the history
// is in audit_log. Exports and incident pages join it on the primary key.
export const commentReviews = pgTable(
  "comment_reviews",
  {
    reportId: bigint("report_id", { mode: "number" })
      .primaryKey()
      .references(() => reports.id),
    state: commentStateEnum("state").notNull(),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull(),
    reviewedBy: integer("reviewed_by")
      .notNull()
      .references(() => adminAccounts.id),
  },
  // The admin lists published or hidden comments, latest decision first.
  (t) => [index("comment_reviews_state_idx").on(t.state, t.reviewedAt)],
);

import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

// What the app keeps to run: the client-key secret, settings, rate-limit
// counters and the refusal tally.
// One random secret per UTC day for the client-key HMAC. Rows older than
// 48 hours are deleted, after which no key can be linked back to an address.
export const dailySecrets = pgTable("daily_secrets", {
  day: date("day").primaryKey(),
  secret: text("secret").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// Small facts about this database, e.g. that it holds the synthetic demo.
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});


// Hits per client key in fixed windows (a minute, a UTC day), for the hard
// rate limit (db/abuse/rate-limit.ts). In the database, so several app
// instances share one count; old windows are pruned by a job.
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    clientKey: text("client_key").notNull(),
    window: text("window").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientKey, t.window, t.windowStart] }), index("rate_limit_hits_window_start_idx").on(t.windowStart)],
);

// Requests refused (429) per UTC hour and reason — aggregate, no client key,
// so the filter ledger can say how many reports were turned away and why.
export const refusals = pgTable(
  "refusals",
  {
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.reason] })],
);

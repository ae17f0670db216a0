import { sql } from "drizzle-orm";
import { bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// One row per finished UTC hour, chained: sha256 covers the hour, its counts,
// the content hash of its reports and audit entries, and the previous seal's
// sha256 (64 zeros for the first). See lib/seals/seal-hash.ts.
export const seals = pgTable("seals", {
  hour: timestamp("hour", { withTimezone: true }).primaryKey(),
  reports: integer("reports").notNull(),
  auditEntries: integer("audit_entries").notNull(),
  content: text("content").notNull(),
  sha256: text("sha256").notNull(),
  prev: text("prev").notNull(),
  // 1: reports and audit entries; 2: ISP statements too (lib/seals/seal-hash.ts).
  version: integer("version").notNull().default(1),
  statements: integer("statements").notNull().default(0),
  sealedAt: timestamp("sealed_at", { withTimezone: true }).notNull().defaultNow(),
});
// Detected incidents (db/jobs/detect-incidents.ts): one row per event, with
// its primary scope and the event's figures; the scopes it was seen in are
// in incident_scopes. Written only by the detection job, which re-derives
// them from the rollups on every run (so a run repeated over the same data
// changes nothing). Pages and the API read these tables, never re-detect.
export const incidents = pgTable(
  "incidents",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    scopeKind: text("scope_kind").notNull(),
    scopeKey: text("scope_key").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    // null while ongoing.
    endedAt: timestamp("ended_at", { withTimezone: true }),
    lastUnusualAt: timestamp("last_unusual_at", { withTimezone: true }).notNull(),
    reports: integer("reports").notNull(),
    expected: doublePrecision("expected").notNull(),
    peakAt: timestamp("peak_at", { withTimezone: true }).notNull(),
    peakCount: integer("peak_count").notNull(),
    peakExpected: doublePrecision("peak_expected").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // When a later run moved its start or its end (late reports, a voided
    // report); null while it stands as first stored. Pages say "updated".
    revisedAt: timestamp("revised_at", { withTimezone: true }),
  },
  // The list reads newest first, and the job finds ongoing ones.
  (t) => [index("incidents_started_at_idx").on(t.startedAt), index("incidents_ongoing_idx").on(t.startedAt).where(sql`${t.endedAt} is null`)],
);

// An incident merged into another: when a run links its episodes to an
// older incident, the younger id goes (db/detection/store-incidents.ts) and
// a row here says where. Its permalink then leads to the incident it became,
// and what was said about it (an ISP's statement, sealed under the old id)
// shows there. Kept pointing at the latest id, one hop.
export const incidentAliases = pgTable(
  "incident_aliases",
  {
    oldId: bigint("old_id", { mode: "number" }).primaryKey(),
    newId: bigint("new_id", { mode: "number" }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("incident_aliases_new_idx").on(t.newId)],
);

// Each scope an incident was seen in (a service, an ISP, a province, a
// service on one ISP), with its own start, end and figures. One row per
// scope and start: the key that lets concurrent or repeated runs write an
// episode once.
export const incidentScopes = pgTable(
  "incident_scopes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: bigint("incident_id", { mode: "number" })
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    lastUnusualAt: timestamp("last_unusual_at", { withTimezone: true }).notNull(),
    reports: integer("reports").notNull(),
    expected: doublePrecision("expected").notNull(),
    peakAt: timestamp("peak_at", { withTimezone: true }).notNull(),
    peakCount: integer("peak_count").notNull(),
    peakExpected: doublePrecision("peak_expected").notNull(),
  },
  (t) => [
    uniqueIndex("incident_scopes_scope_start_idx").on(t.kind, t.key, t.startedAt),
    index("incident_scopes_incident_idx").on(t.incidentId),
    index("incident_scopes_started_at_idx").on(t.startedAt),
  ],
);

// Figures of a closed window, kept once computed (db/queries/kept-figures.ts):
// the digest of its export, its ledger. A window is closed 72 hours after
// its end (lib/evidence/closed-window.ts): no report can be observed in it
// any more (MAX_REPORT_AGE_HOURS). Its figures then change only when a
// moderator voids one of its reports or publishes or hides one of its
// comments, each an audit entry, so a kept figure holds while no audit entry
// after `audit_id` touches a report observed in the window. Lets a month's
// brief and export avoid reading the month again. Not evidence: derived,
// and computed again whenever it is missing.
export const keptFigures = pgTable("kept_figures", {
  // lib/evidence/closed-window.ts, keptKey: what the figure is, and the window and every filter.
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  // The last audit entry when the reports were read (0 for none).
  auditId: bigint("audit_id", { mode: "number" }).notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
});

// Measured signals from IODA, Cloudflare Radar and OONI (db/signals,
// lib/signals), beside the crowd reports to corroborate them. One row per
// source, metric, entity and interval start: a later fetch of the same
// interval (data still arriving) replaces it. `url` is the request that
// returned it (never a token) and `fetched_at` when: the provenance a
// hearing can check.
export const signals = pgTable(
  "signals",
  {
    source: text("source").notNull(),
    metric: text("metric").notNull(),
    entity: text("entity").notNull(),
    t: timestamp("t", { withTimezone: true }).notNull(),
    stepSeconds: integer("step_seconds").notNull(),
    value: doublePrecision("value").notNull(),
    baseline: doublePrecision("baseline"),
    sampleSize: integer("sample_size"),
    url: text("url").notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.metric, t.entity, t.t] }), index("signals_entity_t_idx").on(t.entity, t.t)],
);

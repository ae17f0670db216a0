import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { CONNECTIONS, PROBLEMS, REPORT_STATUSES, SOURCES } from "@/lib/reports/vocabulary";
import type { Probe } from "@/lib/reports/probes";

// The reports and the reference data they point at, and the rollups every
// chart reads (written by ingest, db/ingest.ts, and the fold job).
export const connectionEnum = pgEnum("connection", CONNECTIONS);
export const problemEnum = pgEnum("problem", PROBLEMS);
export const reportSourceEnum = pgEnum("report_source", SOURCES);
export const reportStatusEnum = pgEnum("report_status", REPORT_STATUSES);
export const areaLevelEnum = pgEnum("area_level", ["province", "district"]);
export const ispKindEnum = pgEnum("isp_kind", ["mobile", "fixed", "both", "education"]);

// Reference tables: loaded idempotently from reference/*.json at start-up.
// Slugs are the keys the API speaks, so they are the primary keys too.
export const areas = pgTable(
  "areas",
  {
    slug: text("slug").primaryKey(),
    code: text("code").notNull(),
    level: areaLevelEnum("level").notNull(),
    parent: text("parent"),
    nameEn: text("name_en").notNull(),
    nameUr: text("name_ur").notNull(),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
  },
  (t) => [uniqueIndex("areas_code_idx").on(t.code), index("areas_parent_idx").on(t.parent)],
);

export const isps = pgTable("isps", {
  slug: text("slug").primaryKey(),
  nameEn: text("name_en").notNull(),
  nameUr: text("name_ur").notNull(),
  legalName: text("legal_name"),
  kind: ispKindEnum("kind").notNull(),
  asns: integer("asns").array().notNull(),
});

export const services = pgTable("services", {
  slug: text("slug").primaryKey(),
  nameEn: text("name_en").notNull(),
  nameUr: text("name_ur").notNull(),
  category: text("category").notNull(),
  domains: text("domains").array().notNull(),
});

export const reports = pgTable(
  "reports",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    observedAt: timestamp("observed_at", { withTimezone: true }).notNull(),
    area: text("area")
      .notNull()
      .references(() => areas.slug),
    isp: text("isp")
      .notNull()
      .references(() => isps.slug),
    service: text("service")
      .notNull()
      .references(() => services.slug),
    connection: connectionEnum("connection").notNull(),
    problem: problemEnum("problem").notNull(),
    // A grid cell, never the point the browser gave (see lib/geo/coarsen.ts).
    cellLat: doublePrecision("cell_lat"),
    cellLon: doublePrecision("cell_lon"),
    speedKbps: integer("speed_kbps"),
    // The reporter's optional reach tests, as the browser took them
    // (lib/reports/probes.ts): at most 10 {domain, ok, ms}. Read with the
    // report, never filtered on, so a column beside it, not a table.
    probes: jsonb("probes").$type<Probe[]>(),
    comment: text("comment"),
    viaVpn: boolean("via_vpn"),
    complaintRef: text("complaint_ref"),
    source: reportSourceEnum("source").notNull(),
    // HMAC of the client address with the secret of the day; see lib/privacy.
    clientKey: text("client_key").notNull(),
    // The idempotency key: the reporter's clientReportId, or one made by the
    // server when none was sent, so every row can be matched to its request.
    idempotencyKey: uuid("idempotency_key").notNull(),
    status: reportStatusEnum("status").notNull().default("counted"),
    // A random value per report, never exported: the hourly seal commits to
    // the comment and complaint number as SHA-256 over salt + text
    // (lib/seals/canonical.ts), so a later published comment can be checked
    // against the seal while unpublished ones cannot be guessed from it.
    sealSalt: uuid("seal_salt").notNull().defaultRandom(),
  },
  (t) => [
    // The same clientReportId twice stores one report.
    uniqueIndex("reports_idempotency_key_idx").on(t.idempotencyKey),
    // With the id, so exports and seals page through a month by keyset
    // ((time, id) > (last time, last id) … limit n): an index range scan that
    // stops after n rows, where a time-only index scanned and sorted the rest
    // of the window for every page (bench/export.ts: 225k rows 55 s → see README).
    index("reports_received_at_idx").on(t.receivedAt, t.id),
    index("reports_observed_at_idx").on(t.observedAt, t.id),
    // The duplicate and flood rules (lib/abuse/report-status.ts) look back
    // over one client key's counted reports of the last hour for every batch.
    // Partial: a key behind a flood stores thousands of rows it does not
    // count, and the look-back must not walk them.
    index("reports_client_counted_idx").on(t.clientKey, t.receivedAt).where(sql`${t.status} = 'counted'`),
    // The moderation queue reads the newest reports that carry a comment; a
    // few in a hundred do, so a partial index keeps that read from walking
    // every report (db/queries/moderation-queue.ts).
    index("reports_commented_idx").on(t.receivedAt, t.id).where(sql`${t.comment} is not null`),
  ],
);

// The columns of a 5-minute rollup row: report_counts, and the rows ingest
// leaves in rollup_pending for the fold. A function: each table needs its own
// column builders.
const rollupColumns = () => ({
  bucket: timestamp("bucket", { withTimezone: true }).notNull(),
  area: text("area").notNull(),
  isp: text("isp").notNull(),
  service: text("service").notNull(),
  connection: connectionEnum("connection").notNull(),
  problem: problemEnum("problem").notNull(),
  count: integer("count").notNull(),
});

// The rollup every chart reads: counted reports per 5-minute bucket of
// observed_at and every dimension a filter can name. Written in the same
// transaction as the reports it counts (db/ingest.ts).
export const reportCounts = pgTable(
  "report_counts",
  rollupColumns(),
  (t) => [
    primaryKey({
      columns: [t.bucket, t.area, t.isp, t.service, t.connection, t.problem],
    }),
    // Area filters: a province is a list of districts, and `area = any(list)`
    // on the key's second column makes PostgreSQL (≤ 16, no skip scan) walk
    // the whole bucket range once per district. Measured (bench/queries.ts,
    // PostgreSQL 15, 10 M reports, JIT off): status with area=sindh (29
    // districts) 210 → 31 ms, 24 h breakdown with area=sindh 70 → 43 ms.
    index("report_counts_area_bucket_idx").on(t.area, t.bucket),
    // The confirmation's "others here in the last hour" (db/write-reports.ts):
    // a few index lookups per batch. Without it every batch scanned the
    // last hour's rows of every district, and in a viral hour those are most
    // of what is written.
    index("report_counts_area_service_bucket_idx").on(t.area, t.service, t.bucket),
  ],
);

// The hourly rollup: per UTC hour, the 5-minute rollup's counts summed over
// a few combinations of dimensions ("sets", lib/reports/rollup-sets.ts).
// `dims` is the bitmask of the dimensions a row keeps; the others are summed
// away and hold ''. Folded in from rollup_pending a few seconds after ingest;
// reads take whole hours from here (plus the rows still pending) and the rest
// from the 5-minute tables (db/queries/rollup-read.ts).
export const reportCountsHourly = pgTable(
  "report_counts_hourly",
  {
    dims: smallint("dims").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    area: text("area").notNull(),
    isp: text("isp").notNull(),
    service: text("service").notNull(),
    connection: text("connection").notNull(),
    problem: text("problem").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.dims, t.bucket, t.area, t.isp, t.service, t.connection, t.problem] }),
    // A page about one ISP, service or district reads only its rows of a set,
    // not the whole set for every hour of the window.
    index("report_counts_hourly_isp_idx").on(t.dims, t.isp, t.bucket),
    index("report_counts_hourly_service_idx").on(t.dims, t.service, t.bucket),
    index("report_counts_hourly_area_idx").on(t.dims, t.area, t.bucket),
  ],
);

// 5-minute totals of the busiest single-dimension reads — national, and per
// service, ISP or district (`dims` as above; `key` the kept dimension's value,
// '' for national). The status of the overview compares the last hour with
// ten earlier ones and cannot use whole hours; these rows make that a read of
// a few thousand rows instead of a hundred thousand. Folded in with the hourly rows.
export const reportTotals = pgTable(
  "report_totals",
  {
    dims: smallint("dims").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    key: text("key").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.dims, t.bucket, t.key] })],
);

// The batches ingest has added to report_counts but not yet to the hourly
// rollup and the 5-minute totals: same columns as report_counts, no key, no
// index, insert-only in the report transaction. Keeping the hourly and total
// rows out of that transaction is what keeps ingest near the bare route's
// speed (bench/ingest.ts); the fold job (db/jobs/fold-rollup.ts) moves these
// rows on every few seconds, and reads add the ones not yet moved in the
// same statement as the rows they belong with (db/queries/rollup-read.ts).
export const rollupPending = pgTable("rollup_pending", rollupColumns());

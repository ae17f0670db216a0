import "server-only";
import type { Db } from "@/db/client";
import { getBreakdown, type BreakdownRow } from "@/db/queries/breakdown";
import * as cached from "@/db/queries/cached";
import { getExportDigest, type ExportDigest } from "@/db/queries/export-digest";
import { listIncidents, type IncidentSummary } from "@/db/queries/incidents";
import { getLedger, type Ledger } from "@/db/queries/ledger";
import { getMapAreas, type MapArea } from "@/db/queries/map";
import { getTimeline, type Timeline } from "@/db/queries/timeline";
import type { Dimension, Filters } from "@/lib/filters";
import type { Bucket } from "@/lib/reports/buckets";

export const BRIEF_DIMENSIONS = ["isp", "service", "area", "connection", "problem"] as const satisfies readonly Dimension[];
export type BriefDimension = (typeof BRIEF_DIMENSIONS)[number];

export type BriefHeadline = {
  /** Counted reports in the window: the sum of GET /api/v1/breakdown (any dimension). */
  total: number;
  /** The typical count for the window: the sum of the timeline baseline's `expected`; null when a bucket has no baseline. */
  typical: number | null;
  /** total ÷ typical, null without a typical count (or when it is 0). */
  ratio: number | null;
  /** The busiest bucket of the timeline. */
  peak: { t: string; count: number } | null;
  /** Districts with at least one counted report (GET /api/v1/map?level=district). */
  districts: number;
};

export type Brief = {
  headline: BriefHeadline;
  incidents: IncidentSummary[];
  ledger: Ledger;
  /** The matching CSV export's SHA-256 and rows; null past an export's longest window. */
  export: ExportDigest | null;
  timeline: Timeline;
  breakdowns: Record<BriefDimension, BreakdownRow[]>;
  map: MapArea[];
};

/**
 * Everything a hearing brief shows, from the same read models (and the same
 * cache) as GET /api/v1/timeline, /breakdown and /map, so a figure in the
 * brief can be reproduced from the API with the brief's permalink
 * (tests/integration/brief.test.ts checks it).
 */
export async function getBrief(filters: Filters, bucket: Bucket, timeZone: string, read: BriefReads = cached): Promise<Brief> {
  const [timeline, map, incidents, ledger, digest, ...tables] = await Promise.all([
    read.timeline(filters, bucket, { timeZone }),
    read.mapAreas(filters, "district"),
    read.incidents(filters),
    read.ledger(filters),
    read.exportDigest(filters),
    ...BRIEF_DIMENSIONS.map((d) => read.breakdown(filters, d)),
  ]);
  const breakdowns = Object.fromEntries(BRIEF_DIMENSIONS.map((d, i) => [d, tables[i]!])) as Record<BriefDimension, BreakdownRow[]>;
  return { headline: headlineOf(timeline, breakdowns, map), incidents, ledger, export: digest, timeline, breakdowns, map };
}

/** The read models a brief reads: the shared cache of db/queries/cached.ts, or (directReads) straight from a database. */
export type BriefReads = Pick<typeof cached, "timeline" | "mapAreas" | "incidents" | "ledger" | "exportDigest" | "breakdown">;

/** The same reads without the cache, on this database: what a brief costs once its cached copy has expired (npm run bench:evidence). */
export const directReads = (db: Db): BriefReads => ({
  timeline: (filters, bucket, options) => getTimeline(db, filters, bucket, options),
  mapAreas: (filters, level) => getMapAreas(db, filters, level),
  incidents: (filters) => listIncidents(db, filters),
  ledger: (filters) => getLedger(db, filters),
  exportDigest: (filters) => getExportDigest(db, filters),
  breakdown: (filters, dimension, limit) => getBreakdown(db, filters, dimension, limit),
});

export function headlineOf(timeline: Timeline, breakdowns: Record<BriefDimension, BreakdownRow[]>, map: MapArea[]): BriefHeadline {
  const total = breakdowns.connection.reduce((n, r) => n + r.count, 0);
  const points = timeline.series[0]?.points ?? [];
  const peak = points.reduce<{ t: string; count: number } | null>((best, p) => (p.count > (best?.count ?? 0) ? p : best), null);
  const known = timeline.baseline.length > 0 && timeline.baseline.every((b) => b.method !== "none");
  const typical = known ? Math.round(timeline.baseline.reduce((n, b) => n + b.expected, 0)) : null;
  return {
    total,
    typical,
    ratio: typical ? total / typical : null,
    peak,
    districts: map.filter((a) => a.count > 0).length,
  };
}

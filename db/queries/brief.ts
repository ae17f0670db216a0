import "server-only";
import type { BreakdownRow } from "@/db/queries/breakdown";
import * as cached from "@/db/queries/cached";
import type { ExportDigest } from "@/db/queries/export-digest";
import type { IncidentSummary } from "@/db/queries/incidents";
import type { Ledger } from "@/db/queries/ledger";
import type { MapArea } from "@/db/queries/map";
import type { Timeline } from "@/db/queries/timeline";
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
export async function getBrief(filters: Filters, bucket: Bucket, timeZone: string): Promise<Brief> {
  const [timeline, map, incidents, ledger, digest, ...tables] = await Promise.all([
    cached.timeline(filters, bucket, { timeZone }),
    cached.mapAreas(filters, "district"),
    cached.incidents(filters),
    cached.ledger(filters),
    cached.exportDigest(filters),
    ...BRIEF_DIMENSIONS.map((d) => cached.breakdown(filters, d)),
  ]);
  const breakdowns = Object.fromEntries(BRIEF_DIMENSIONS.map((d, i) => [d, tables[i]!])) as Record<BriefDimension, BreakdownRow[]>;
  return { headline: headlineOf(timeline, breakdowns, map), incidents, ledger, export: digest, timeline, breakdowns, map };
}

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

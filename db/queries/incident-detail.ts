import "server-only";
import type { Db } from "@/db/client";
import { getBreakdown, type BreakdownRow } from "@/db/queries/breakdown";
import { getIncidentSummary, incidentComments, type IncidentSummary } from "@/db/queries/incidents";
import { getTimeline, type Timeline } from "@/db/queries/timeline";
import { incidentFilters, incidentTimelineFilters } from "@/lib/detection/incident-window";

/** Rows of each "affected" list, on the page and in the API (so both share one cached read). */
export const AFFECTED_LIMIT = 10;

export type IncidentDetail = IncidentSummary & {
  /** The primary scope over [start, end or now): reports and typical, recounted by the timeline query. */
  figures: { reports: number; expected: number; peak: { t: string; count: number; expected: number } | null };
  /** The primary scope with two hours either side, against its baseline (what /api/v1/timeline returns). */
  timeline: Timeline;
  /** Over the incident: what /api/v1/breakdown returns for the primary scope. */
  affected: { areas: BreakdownRow[]; isps: BreakdownRow[]; services: BreakdownRow[]; connections: BreakdownRow[] };
  comments: { t: string; comment: string; area: string }[];
};

export async function getIncident(db: Db, id: number, timeZone: string, now = new Date()): Promise<IncidentDetail | undefined> {
  const summary = await getIncidentSummary(db, id);
  if (!summary) return undefined;
  const start = new Date(summary.start);
  const end = summary.end ? new Date(summary.end) : null;
  const inner = incidentFilters(summary.primary, start, end, now);
  const outer = incidentTimelineFilters(summary.primary, start, end, now);
  // Independent reads: on PostgreSQL they go out on the pool's connections at once.
  const [timeline, figures, areas, isps, services, connections, comments] = await Promise.all([
    getTimeline(db, outer.filters, outer.bucket, { timeZone }),
    incidentFigures(db, inner, timeZone),
    getBreakdown(db, inner, "area", AFFECTED_LIMIT),
    getBreakdown(db, inner, "isp", AFFECTED_LIMIT),
    getBreakdown(db, inner, "service", AFFECTED_LIMIT),
    getBreakdown(db, inner, "connection", AFFECTED_LIMIT),
    incidentComments(db, inner),
  ]);
  return { ...summary, figures, timeline, affected: { areas, isps, services, connections }, comments };
}

/** What the incident page reads besides its panels (which call the timeline, breakdown and map queries themselves). */
export async function getIncidentPage(db: Db, id: number, timeZone: string, now = new Date()) {
  const summary = await getIncidentSummary(db, id);
  if (!summary) return undefined;
  const inner = incidentFilters(summary.primary, new Date(summary.start), summary.end ? new Date(summary.end) : null, now);
  const [figures, comments] = await Promise.all([incidentFigures(db, inner, timeZone), incidentComments(db, inner)]);
  return { ...summary, figures, comments };
}

/** Reports, typical and the busiest 5 minutes over the incident, from the 5-minute timeline. */
async function incidentFigures(db: Db, filters: ReturnType<typeof incidentFilters>, timeZone: string): Promise<IncidentDetail["figures"]> {
  const t = await getTimeline(db, filters, "5m", { timeZone });
  const points = t.series[0]?.points ?? [];
  let peak: IncidentDetail["figures"]["peak"] = null;
  points.forEach((p, i) => {
    if (!peak || p.count > peak.count) peak = { t: p.t, count: p.count, expected: Math.round((t.baseline[i]?.expected ?? 0) * 10) / 10 };
  });
  return {
    reports: points.reduce((n, p) => n + p.count, 0),
    expected: Math.round(t.baseline.reduce((n, b) => n + b.expected, 0) * 10) / 10,
    peak,
  };
}

import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentAliases, ispStatements } from "@/db/schema";
import { listIncidents, type IncidentSummary } from "@/db/queries/incidents";
import { scopeParts, type Scope } from "@/lib/detection/scopes";
import { csvTable } from "@/lib/export/csv";
import type { Filters } from "@/lib/filters";
import { touchesIsp } from "@/lib/isp-desk/touches";

// What an ISP's desk reads beyond the public pages' tables: the incidents
// that touch its network. Public data, read by the same queries as the API
// (GET /api/v1/incidents?touching=<isp>), so the desk never shows an ISP
// anything a reader of the API could not get.

/** How many incidents a desk or the API lists at most. */
export const TOUCHING_LIMIT = 200;

/**
 * Incidents overlapping the window that touch the ISP's network
 * (lib/isp-desk/touches.ts: a scope names it, or none names any provider),
 * ongoing first, then newest first. A service filter keeps incidents seen
 * for that service; connection and problem filters do not apply to
 * incidents (their scopes do not split by them).
 */
export async function incidentsTouching(db: Db, isp: string, filters: Filters, limit = TOUCHING_LIMIT): Promise<IncidentSummary[]> {
  // Every incident of the window, then the rule: an incident that names no
  // provider has no ISP scope for SQL to find. Windows hold tens, not thousands.
  const all = await listIncidents(db, { ...filters, isps: [] }, 2000);
  return all
    .filter((i) => touchesIsp(i.scopes, isp))
    .sort((a, b) => (a.status === b.status ? 0 : a.status === "ongoing" ? -1 : 1))
    .slice(0, limit);
}

/** Whether an incident names the ISP itself, or every network (it names no provider). */
export const reachOf = (incident: Pick<IncidentSummary, "scopes">, isp: string): "named" | "all" =>
  incident.scopes.some((s) => scopeParts(s as Scope).isp === isp) ? "named" : "all";

/** Incidents as CSV: one row each, its scopes joined with spaces. */
export function incidentsCsv(list: readonly IncidentSummary[]): string {
  return csvTable(
    ["id", "status", "start", "end", "opened_at", "duration_minutes", "primary_kind", "primary_key", "reports", "expected", "peak_at", "peak_count", "scopes"],
    list.map((i) => [i.id, i.status, i.start, i.end, i.openedAt, i.durationMinutes, i.primary.kind, i.primary.key, i.reports, i.expected, i.peak.t, i.peak.count, i.scopes.map((s) => `${s.kind}:${s.key}`).join(" ")]),
  );
}

/** How many statements the ISP has on each of the incidents (none: absent), those on incidents merged into them included. */
export async function statementCounts(db: Db, isp: string, incidentIds: readonly number[]): Promise<Map<number, number>> {
  if (incidentIds.length === 0) return new Map();
  const at = sql<number>`coalesce(${incidentAliases.newId}, ${ispStatements.incidentId})`;
  const rows = await db
    .select({ incidentId: at, n: sql<number>`count(distinct ${ispStatements.statementId})::int` })
    .from(ispStatements)
    .leftJoin(incidentAliases, eq(incidentAliases.oldId, ispStatements.incidentId))
    .where(and(eq(ispStatements.isp, isp), inArray(at, [...incidentIds])))
    .groupBy(at);
  return new Map(rows.map((r) => [Number(r.incidentId), Number(r.n)]));
}

// Incidents as pages, the API, feeds and alerts read them: summaries with
// their scopes, and the published comments of an incident. Free of the
// "server-only" guard so that jobs (db/alerts) can use it; pages import it
// through db/queries/incidents.ts, which keeps the guard.
import { and, desc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { commentReviews, incidents, incidentScopes, reports } from "@/db/schema";
import { scopeId, type Scope, type ScopeKind } from "@/lib/detection/scopes";
import type { Filters } from "@/lib/filters";
import { expandAreas, provinceOf } from "@/lib/reference";

export type IncidentScope = {
  kind: ScopeKind;
  key: string;
  start: string;
  end: string | null;
  reports: number;
  expected: number;
  peakCount: number;
};

export type IncidentSummary = {
  id: number;
  status: "ongoing" | "closed";
  start: string;
  end: string | null;
  /** When detection first opened it (its earliest scope's opening): what alerts are sent at. */
  openedAt: string;
  /** Minutes from start to end (or to the last unusual window while ongoing). */
  durationMinutes: number;
  primary: { kind: ScopeKind; key: string };
  /** The primary scope's reports over the incident and what was typical (the job's figures; the page recounts them). */
  reports: number;
  expected: number;
  peak: { t: string; count: number; expected: number };
  /** Every scope the event was seen in, the primary first. */
  scopes: IncidentScope[];
  updatedAt: string;
  /** When a later run moved its start, or changed it after it was over (late or voided reports); null otherwise. */
  revisedAt: string | null;
};

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Incidents overlapping the filters' window, newest first. A service, ISP or
 * area filter keeps incidents seen in a scope that names it (an area: its
 * province, or one of its districts); connection and problem filters do not
 * apply (scopes do not split by them).
 */
export async function listIncidents(db: Db, filters: Filters, limit = 200): Promise<IncidentSummary[]> {
  const provinces = [...new Set(filters.areas.map((a) => provinceOf(a)?.slug).filter((p): p is string => !!p))];
  const districts = expandAreas(filters.areas);
  const names = (kind: ScopeKind, keys: string[]) => and(eq(incidentScopes.kind, kind), inArray(incidentScopes.key, keys));
  const pairs = (part: 0 | 1, keys: string[], kind: ScopeKind = "service-isp") =>
    and(eq(incidentScopes.kind, kind), inArray(sql<string>`split_part(${incidentScopes.key}, '|', ${part + 1})`, keys));
  const scoped = (cond: ReturnType<typeof and>) =>
    sql`exists (select 1 from ${incidentScopes} where ${incidentScopes.incidentId} = ${incidents.id} and ${cond})`;
  const rows = await db
    .select()
    .from(incidents)
    .where(
      and(
        lt(incidents.startedAt, filters.to),
        or(isNull(incidents.endedAt), gt(incidents.endedAt, filters.from)),
        filters.services.length ? scoped(or(names("service", filters.services), pairs(0, filters.services))) : undefined,
        filters.isps.length ? scoped(or(names("isp", filters.isps), pairs(1, filters.isps), pairs(1, filters.isps, "district-isp"))) : undefined,
        provinces.length ? scoped(or(names("province", provinces), names("district", districts), pairs(0, districts, "district-isp"))) : undefined,
      ),
    )
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .limit(limit);
  return withScopes(db, rows);
}

export async function getIncidentSummary(db: Db, id: number): Promise<IncidentSummary | undefined> {
  const rows = await db.select().from(incidents).where(eq(incidents.id, id));
  return (await withScopes(db, rows))[0];
}

async function withScopes(db: Db, rows: (typeof incidents.$inferSelect)[]): Promise<IncidentSummary[]> {
  if (rows.length === 0) return [];
  const scopes = await db
    .select()
    .from(incidentScopes)
    .where(inArray(incidentScopes.incidentId, rows.map((r) => r.id)))
    .orderBy(incidentScopes.startedAt, incidentScopes.kind, incidentScopes.key);
  return rows.map((r) => {
    const mine = scopes.filter((s) => s.incidentId === r.id);
    const isPrimary = (s: (typeof mine)[number]) => s.kind === r.scopeKind && s.key === r.scopeKey;
    const end = r.endedAt ?? r.lastUnusualAt;
    return {
      id: r.id,
      status: r.endedAt ? "closed" : "ongoing",
      start: r.startedAt.toISOString(),
      end: r.endedAt?.toISOString() ?? null,
      openedAt: new Date(Math.min(...mine.map((s) => s.openedAt.getTime()), r.updatedAt.getTime())).toISOString(),
      durationMinutes: Math.max(0, Math.round((end.getTime() - r.startedAt.getTime()) / 60_000)),
      primary: { kind: r.scopeKind as ScopeKind, key: r.scopeKey },
      reports: r.reports,
      expected: round(r.expected),
      peak: { t: r.peakAt.toISOString(), count: r.peakCount, expected: round(r.peakExpected) },
      scopes: onceEach([...mine.filter(isPrimary), ...mine.filter((s) => !isPrimary(s))]),
      updatedAt: r.updatedAt.toISOString(),
      revisedAt: r.revisedAt?.toISOString() ?? null,
    };
  });
}

/**
 * Each scope once, in the order given: a scope seen in two episodes of one
 * event (a block that eased and came back) spans from the first start to
 * the last end, with the reports of both.
 */
function onceEach(rows: (typeof incidentScopes.$inferSelect)[]): IncidentScope[] {
  const out = new Map<string, IncidentScope>();
  for (const s of rows) {
    const id = scopeId(s as Scope);
    const seen = out.get(id);
    const end = s.endedAt?.toISOString() ?? null;
    if (!seen) {
      out.set(id, { kind: s.kind as ScopeKind, key: s.key, start: s.startedAt.toISOString(), end, reports: s.reports, expected: round(s.expected), peakCount: s.peakCount });
      continue;
    }
    seen.start = seen.start < s.startedAt.toISOString() ? seen.start : s.startedAt.toISOString();
    seen.end = seen.end === null || end === null ? null : seen.end > end ? seen.end : end;
    seen.reports += s.reports;
    seen.expected = round(seen.expected + s.expected);
    seen.peakCount = Math.max(seen.peakCount, s.peakCount);
  }
  return [...out.values()];
}

/**
 * Reporters' comments from the incident's primary scope and window, newest
 * first: only those a moderator has published (comment_reviews), of reports
 * still counted. The page renders them as text, never as HTML.
 */
export async function incidentComments(
  db: Db,
  filters: Pick<Filters, "from" | "to" | "services" | "isps" | "areas">,
  limit = 20,
): Promise<{ t: string; comment: string; area: string }[]> {
  return (await publishedComments(db, { ...filters, connections: [], problems: [] }, limit)).map((c) => ({ t: c.t, comment: c.comment, area: c.area }));
}

export type PublishedComment = { t: string; comment: string; area: string; isp: string; service: string; connection: string; problem: string };

/**
 * Published comments of counted reports observed in the filters' window,
 * newest first, with what their reports said (the ISP desk's comments,
 * GET /api/v1/comments). Published means a moderator let it be read by
 * anyone; an unpublished comment never leaves the moderation pages.
 */
export async function publishedComments(db: Db, filters: Filters, limit: number): Promise<PublishedComment[]> {
  const rows = await db
    .select({ t: reports.observedAt, comment: reports.comment, area: reports.area, isp: reports.isp, service: reports.service, connection: reports.connection, problem: reports.problem })
    .from(reports)
    .innerJoin(commentReviews, and(eq(commentReviews.reportId, reports.id), eq(commentReviews.state, "published")))
    .where(
      and(
        eq(reports.status, "counted"),
        sql`${reports.comment} is not null`,
        sql`${reports.observedAt} >= ${filters.from.toISOString()}::timestamptz`,
        lt(reports.observedAt, filters.to),
        filters.services.length ? inArray(reports.service, filters.services) : undefined,
        filters.isps.length ? inArray(reports.isp, filters.isps) : undefined,
        filters.areas.length ? inArray(reports.area, expandAreas(filters.areas)) : undefined,
        filters.connections.length ? inArray(reports.connection, filters.connections) : undefined,
        filters.problems.length ? inArray(reports.problem, filters.problems) : undefined,
      ),
    )
    .orderBy(desc(reports.observedAt), desc(reports.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, t: r.t.toISOString(), comment: r.comment ?? "" }));
}

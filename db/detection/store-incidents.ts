import { and, eq, gt, inArray, isNull, lt, notExists, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { DetectedEpisode } from "@/db/detection/detect-scopes";
import { incidents, incidentScopes } from "@/db/schema";
import { linkEpisodes } from "@/lib/detection/linking";
import type { ScopeKind } from "@/lib/detection/scopes";

/*
 * Writes what a detection run found over [from, to) into incident_scopes and
 * incidents, so that running again over the same data changes nothing:
 *
 * - a found episode that overlaps a stored one of the same scope is that one
 *   (updated in place: a late report may move its start or end);
 * - a stored episode that started inside [from, to) and is found no more
 *   (its reports were voided) is removed; older ones are left alone;
 * - linked episodes (lib/detection/linking.ts) share one incident, which
 *   keeps the oldest id among them, so a permalink survives a merge; an
 *   incident left without episodes is removed.
 * Inserts go through the unique key (scope, start), so even two writers
 * could not store an episode twice.
 */

type Row = typeof incidentScopes.$inferSelect;
type Stored = DetectedEpisode & { id?: number; incidentId?: number };

const toEpisode = (r: Row): Stored => ({
  id: r.id,
  incidentId: r.incidentId,
  kind: r.kind as ScopeKind,
  key: r.key,
  start: r.startedAt.getTime(),
  end: r.endedAt?.getTime() ?? null,
  openedAt: r.openedAt.getTime(),
  lastUnusual: r.lastUnusualAt.getTime(),
  reports: r.reports,
  expected: r.expected,
  peakAt: r.peakAt.getTime(),
  peakCount: r.peakCount,
  peakExpected: r.peakExpected,
});

const columns = (e: DetectedEpisode) => ({
  kind: e.kind,
  key: e.key,
  startedAt: new Date(e.start),
  endedAt: e.end === null ? null : new Date(e.end),
  openedAt: new Date(e.openedAt),
  lastUnusualAt: new Date(e.lastUnusual),
  reports: e.reports,
  expected: e.expected,
  peakAt: new Date(e.peakAt),
  peakCount: e.peakCount,
  peakExpected: e.peakExpected,
});

const overlaps = (a: { start: number; end: number | null }, b: { start: number; end: number | null }) =>
  a.start < (b.end ?? Infinity) && b.start < (a.end ?? Infinity);

export async function storeIncidents(db: Db, found: readonly DetectedEpisode[], from: number, to: number): Promise<void> {
  // Everything stored that this run could touch or link with: ongoing, or ending after the run's start.
  const stored = (
    await db
      .select()
      .from(incidentScopes)
      .where(and(lt(incidentScopes.startedAt, new Date(to)), or(isNull(incidentScopes.endedAt), gt(incidentScopes.endedAt, new Date(from)))))
  ).map(toEpisode);

  const matched = new Set<number>();
  const episodes: Stored[] = [];
  for (const e of found) {
    const same = stored.find((s) => s.id !== undefined && !matched.has(s.id) && s.kind === e.kind && s.key === e.key && overlaps(s, e));
    if (same?.id !== undefined) matched.add(same.id);
    episodes.push({ ...e, id: same?.id, incidentId: same?.incidentId });
  }
  const gone = stored.filter((s) => !matched.has(s.id!) && s.start >= from).map((s) => s.id!);
  const kept = stored.filter((s) => !matched.has(s.id!) && s.start < from);
  if (gone.length) await db.delete(incidentScopes).where(inArray(incidentScopes.id, gone));

  for (const group of linkEpisodes([...episodes, ...kept])) {
    const primary = group[0]!;
    const ids = group.map((e) => e.incidentId).filter((id): id is number => id !== undefined);
    const incident = {
      scopeKind: primary.kind,
      scopeKey: primary.key,
      startedAt: new Date(Math.min(...group.map((e) => e.start))),
      endedAt: group.some((e) => e.end === null) ? null : new Date(Math.max(...group.map((e) => e.end!))),
      lastUnusualAt: new Date(Math.max(...group.map((e) => e.lastUnusual))),
      reports: primary.reports,
      expected: primary.expected,
      peakAt: new Date(primary.peakAt),
      peakCount: primary.peakCount,
      peakExpected: primary.peakExpected,
    };
    let incidentId = ids.length ? Math.min(...ids) : undefined;
    if (incidentId === undefined) {
      const [row] = await db.insert(incidents).values(incident).returning({ id: incidents.id });
      incidentId = row!.id;
    } else {
      const [current] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
      if (current && changed(current, incident)) await db.update(incidents).set({ ...incident, updatedAt: sql`now()` }).where(eq(incidents.id, incidentId));
    }
    for (const e of group) {
      if (kept.includes(e)) {
        if (e.incidentId !== incidentId) await db.update(incidentScopes).set({ incidentId }).where(eq(incidentScopes.id, e.id!));
      } else if (e.id !== undefined) {
        await db.update(incidentScopes).set({ ...columns(e), incidentId }).where(eq(incidentScopes.id, e.id));
      } else {
        await db
          .insert(incidentScopes)
          .values({ ...columns(e), incidentId })
          .onConflictDoUpdate({ target: [incidentScopes.kind, incidentScopes.key, incidentScopes.startedAt], set: { ...columns(e), incidentId } });
      }
    }
  }
  // Incidents whose episodes all moved to another or went away.
  await db
    .delete(incidents)
    .where(notExists(db.select({ one: sql`1` }).from(incidentScopes).where(eq(incidentScopes.incidentId, incidents.id))));
}

function changed(a: typeof incidents.$inferSelect, b: Omit<typeof incidents.$inferInsert, "id">): boolean {
  const ms = (d: Date | null | undefined) => d?.getTime() ?? null;
  return (
    a.scopeKind !== b.scopeKind ||
    a.scopeKey !== b.scopeKey ||
    ms(a.startedAt) !== ms(b.startedAt) ||
    ms(a.endedAt) !== ms(b.endedAt) ||
    ms(a.lastUnusualAt) !== ms(b.lastUnusualAt) ||
    a.reports !== b.reports ||
    a.expected !== b.expected ||
    ms(a.peakAt) !== ms(b.peakAt) ||
    a.peakCount !== b.peakCount ||
    a.peakExpected !== b.peakExpected
  );
}

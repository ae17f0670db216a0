import { and, eq, gt, gte, inArray, isNull, lt, notExists, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { DetectedEpisode } from "@/db/detection/detect-scopes";
import { incidents, incidentScopes } from "@/db/schema";
import { byPrimary, linkEpisodes, overlaps } from "@/lib/detection/linking";
import type { Scope } from "@/lib/detection/scopes";

/*
 * Writes what a detection run found over [from, to) into incident_scopes and
 * incidents. The run is the authority over the episodes that start in its
 * range: the caller widens `from` back over every episode still going on
 * (db/detection/detection-range.ts), so the run saw each of those whole,
 * from a quiet start, as a single pass over all the data would. An episode
 * that is over and began before `from` reaches into the range at most: if
 * the detector found the range's first window already unusual (cutAtStart),
 * what it found there is the rest of that stored episode, which stands; if
 * it found an episode whole from a quiet start that meets the stored one,
 * the stored one was seen through a cut by an earlier run, and goes.
 * Storing is then a replacement, never a patch:
 *
 * - the stored episodes that start in [from, to) become the found ones,
 *   matched on their key (scope, start): the same key is updated where it
 *   changed, the others deleted, then the new ones inserted. No episode is
 *   ever moved onto another's key, so the unique key cannot be hit, and
 *   episodes a late report joined or split, or a voided one removed, come
 *   out as a single pass finds them;
 * - linked episodes (lib/detection/linking.ts) share one incident. An
 *   incident keeps its id, and so its permalink and its brief, while any of
 *   its episodes goes on: each event claims the oldest incident id its
 *   episodes were stored under that no other event claimed first. An
 *   incident none claims and that keeps no episode is removed.
 * - an incident whose start moved, or that was over and changed (late
 *   reports, a voided report), records when, in `revised_at`, which its
 *   page shows as "updated".
 */

/** How long after a stored episode's end a piece cut at the range's start is still its tail: a window and the quiet stretch. */
const TAIL_MS = 45 * 60_000;

type ScopeRow = typeof incidentScopes.$inferSelect;
type IncidentRow = typeof incidents.$inferSelect;
type IncidentValues = Omit<typeof incidents.$inferInsert, "id" | "updatedAt" | "revisedAt">;

export async function storeIncidents(db: Db, detected: readonly DetectedEpisode[], from: number, to: number): Promise<void> {
  // Episodes stored by earlier runs that began before this run's range and reach into it.
  const before = (
    await db
      .select()
      .from(incidentScopes)
      .where(and(lt(incidentScopes.startedAt, new Date(from)), or(isNull(incidentScopes.endedAt), gt(incidentScopes.endedAt, new Date(from - TAIL_MS)))))
  ).map(withEpisode);
  const sameAs = (a: Scope, b: Scope) => a.kind === b.kind && a.key === b.key;
  const meets = (k: DetectedEpisode, e: DetectedEpisode) => sameAs(k, e) && e.start < (k.end ?? Infinity);
  // A piece cut at the range's start is also the tail of one that ended just before it: its last windows still hold its reports.
  const tailOf = (k: DetectedEpisode, e: DetectedEpisode) => sameAs(k, e) && k.end !== null && k.end >= from - TAIL_MS;
  // A found episode cut by the range's start is the rest of the stored one it meets: that one stands. One found
  // whole from a quiet start is what a single pass finds: a stored one it meets was seen through a cut, and goes.
  const found = detected.filter((e) => !(e.cutAtStart && before.some(({ episode: k }) => meets(k, e) || tailOf(k, e))));
  const stale = before.filter(({ episode: k }) => found.some((e) => !e.cutAtStart && meets(k, e)));
  const kept = before.filter((k) => !stale.includes(k));
  const inRange = and(gte(incidentScopes.startedAt, new Date(from)), lt(incidentScopes.startedAt, new Date(to)));
  const stored = (await db.select().from(incidentScopes).where(inRange)).map(withEpisode);

  // The incidents each found episode was stored under before (the same scope, overlapping in time).
  const keptRow = new Map<DetectedEpisode, ScopeRow>(kept.map(({ row, episode }) => [episode, row]));
  const previous = (e: DetectedEpisode) =>
    keptRow.has(e) ? [keptRow.get(e)!.incidentId] : stored.filter(({ episode: s }) => sameAs(s, e) && overlaps(s, e)).map(({ row }) => row.incidentId);
  const events = linkEpisodes([...found, ...kept.map((k) => k.episode)]).map((episodes) => ({ episodes, candidates: [...new Set(episodes.flatMap(previous))].sort((a, b) => a - b) }));
  const claimed = new Set<number>();
  const ids = events.map((event) => {
    const id = event.candidates.find((c) => !claimed.has(c));
    if (id !== undefined) claimed.add(id);
    return id;
  });

  // The episodes of those incidents that lie before this run's view: their span and figures count too.
  const seen = new Set(before.map((b) => b.row.id));
  const earlier = claimed.size
    ? (await db.select().from(incidentScopes).where(and(inArray(incidentScopes.incidentId, [...claimed]), lt(incidentScopes.startedAt, new Date(from))))).filter((r) => !seen.has(r.id))
    : [];
  const current = new Map<number, IncidentRow>();
  if (claimed.size) for (const row of await db.select().from(incidents).where(inArray(incidents.id, [...claimed]))) current.set(row.id, row);

  const keyOf = (e: { kind: string; key: string; start: number }) => `${e.kind}|${e.key}|${e.start}`;
  const byKey = new Map(stored.map(({ row, episode }) => [keyOf(episode), row]));
  const foundKeys = new Set(found.map(keyOf));
  const gone = [...stored.filter(({ episode }) => !foundKeys.has(keyOf(episode))), ...stale].map(({ row }) => row.id);
  if (gone.length) await db.delete(incidentScopes).where(inArray(incidentScopes.id, gone));
  const inserts: (ReturnType<typeof columns> & { incidentId: number })[] = [];
  for (const [i, event] of events.entries()) {
    const all = [...event.episodes, ...earlier.filter((r) => r.incidentId === ids[i]).map(episodeOf)].sort(byPrimary);
    const values = incidentValues(all);
    let id = ids[i];
    const was = id === undefined ? undefined : current.get(id);
    if (id === undefined || !was) {
      const [row] = await db.insert(incidents).values(values).returning({ id: incidents.id });
      id = row!.id;
    } else if (differs(was, values)) {
      // Its start moved, or an incident already over changed at all (late reports, a voided report).
      const moved =
        was.startedAt.getTime() !== values.startedAt.getTime() ||
        (was.endedAt !== null && (was.endedAt.getTime() !== values.endedAt?.getTime() || was.reports !== values.reports));
      await db
        .update(incidents)
        .set({ ...values, updatedAt: sql`now()`, ...(moved ? { revisedAt: sql`now()` } : {}) })
        .where(eq(incidents.id, id));
    }
    for (const e of event.episodes) {
      const keptAs = keptRow.get(e);
      if (keptAs) {
        if (keptAs.incidentId !== id) await db.update(incidentScopes).set({ incidentId: id }).where(eq(incidentScopes.id, keptAs.id));
        continue;
      }
      const row = { ...columns(e), incidentId: id };
      const same = byKey.get(keyOf(e));
      if (!same) inserts.push(row);
      else if (differs(same, row)) await db.update(incidentScopes).set(row).where(eq(incidentScopes.id, same.id));
    }
  }
  if (inserts.length) await db.insert(incidentScopes).values(inserts);
  // Incidents whose episodes all went to another or went away.
  await db.delete(incidents).where(notExists(db.select({ one: sql`1` }).from(incidentScopes).where(eq(incidentScopes.incidentId, incidents.id))));
}

/** The event's row: its span over all its episodes, the primary episode's figures. */
function incidentValues(group: readonly DetectedEpisode[]): IncidentValues {
  const primary = group[0]!;
  return {
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
}

/** A stored episode as the linking and the incident's figures read it. */
const episodeOf = (r: ScopeRow): DetectedEpisode => ({
  kind: r.kind as DetectedEpisode["kind"],
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

const withEpisode = (row: ScopeRow) => ({ row, episode: episodeOf(row) });

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

/** Whether a stored row differs from the values about to be written to it (times compared as instants). */
function differs(stored: Record<string, unknown>, values: Record<string, unknown>): boolean {
  const plain = (v: unknown) => (v instanceof Date ? v.getTime() : v);
  return Object.entries(values).some(([k, v]) => plain(stored[k]) !== plain(v));
}

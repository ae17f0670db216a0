import { and, eq, gt, gte, inArray, isNull, lt, notExists, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { DetectedEpisode } from "@/db/detection/detect-scopes";
import { incidentAliases, incidents, incidentScopes } from "@/db/schema";
import { byPrimary, linkEpisodes, overlaps } from "@/lib/detection/linking";
import type { Scope } from "@/lib/detection/scopes";

/*
 * Writes what a detection run found over [from, to) into incident_scopes and
 * incidents. The run is the authority over the episodes that start in its
 * range: the caller widens `from` back over every episode still going on
 * (db/detection/detection-range.ts), so the run saw each of those whole,
 * from a quiet start, as a single pass over all the data would. An episode
 * that is over and began before `from` reaches into the range at most. What
 * this run finds of it is dropped and the stored one stands: the rest of it
 * cut by the range's start (or its tail, cut at the start within TAIL_MS of
 * its end), and a piece found from a later start that ends when it ended (a
 * slow onset whose first windows fall before the range, so the range's
 * first windows are not yet unusual: the earlier runs saw all of it, this
 * one sees less). An episode found whole from a quiet start that meets the
 * stored one and goes on beyond its end is more than that one saw: the
 * stored one was seen through a cut by an earlier run, and goes.
 * Storing is then a replacement, never a patch:
 *
 * - the stored episodes that start in [from, to) become the found ones,
 *   matched on their key (scope, start): the same key is updated where it
 *   changed, the others deleted, then the new ones inserted. No episode is
 *   ever moved onto another's key, so the unique key cannot be hit, and
 *   episodes a late report joined or split, or a voided one removed, come
 *   out as a single pass finds them;
 * - linked episodes (lib/detection/linking.ts) share one incident. Linking
 *   sees the found episodes, the stored ones that reach into the range, and
 *   every stored one that overlaps those, and so on back (a closed set:
 *   linking relates only episodes that overlap, so it groups them as one
 *   pass over all the data does). An
 *   incident keeps its id, and so its permalink and its brief, while any of
 *   its episodes goes on: each event claims the oldest incident id its
 *   episodes were stored under that no other event claimed first. An
 *   incident none claims and that keeps no episode is removed; one none
 *   claims that lost an episode is recounted from those it keeps.
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
  const partOf = (k: DetectedEpisode, e: DetectedEpisode) =>
    e.cutAtStart ? meets(k, e) || tailOf(k, e) : meets(k, e) && k.end !== null && e.end !== null && e.end <= k.end;
  const found = detected.filter((e) => !before.some(({ episode: k }) => partOf(k, e)));
  const stale = before.filter(({ episode: k }) => found.some((e) => !e.cutAtStart && meets(k, e)));
  const kept = before.filter((k) => !stale.includes(k));
  const inRange = and(gte(incidentScopes.startedAt, new Date(from)), lt(incidentScopes.startedAt, new Date(to)));
  const stored = (await db.select().from(incidentScopes).where(inRange)).map(withEpisode);
  // Linking relates only episodes that overlap, so it groups these as one pass over all the data would only if it
  // also sees every stored episode that overlaps them, and every one that overlaps those: they stand as stored too.
  const around = await overlappingBefore(db, [...found, ...kept.map((k) => k.episode)], from, new Set(before.map((b) => b.row.id)));
  const fixed = [...kept, ...around];

  // The incidents each found episode was stored under before (the same scope, overlapping in time).
  const keptRow = new Map<DetectedEpisode, ScopeRow>(fixed.map(({ row, episode }) => [episode, row]));
  const previous = (e: DetectedEpisode) =>
    keptRow.has(e) ? [keptRow.get(e)!.incidentId] : stored.filter(({ episode: s }) => sameAs(s, e) && overlaps(s, e)).map(({ row }) => row.incidentId);
  const events = linkEpisodes([...found, ...fixed.map((k) => k.episode)]).map((episodes) => ({ episodes, candidates: [...new Set(episodes.flatMap(previous))].sort((a, b) => a - b) }));
  const claimed = new Set<number>();
  const ids = events.map((event) => {
    const id = event.candidates.find((c) => !claimed.has(c));
    if (id !== undefined) claimed.add(id);
    return id;
  });

  // The episodes of those incidents that lie before this run's view: their span and figures count too.
  const seen = new Set(fixed.map((b) => b.row.id));
  const earlier = claimed.size
    ? (await db.select().from(incidentScopes).where(and(inArray(incidentScopes.incidentId, [...claimed]), lt(incidentScopes.startedAt, new Date(from))))).filter((r) => !seen.has(r.id))
    : [];
  const current = new Map<number, IncidentRow>();
  if (claimed.size) for (const row of await db.select().from(incidents).where(inArray(incidents.id, [...claimed]))) current.set(row.id, row);

  const keyOf = (e: { kind: string; key: string; start: number }) => `${e.kind}|${e.key}|${e.start}`;
  const byKey = new Map(stored.map(({ row, episode }) => [keyOf(episode), row]));
  const foundKeys = new Set(found.map(keyOf));
  const goneRows = [...stored.filter(({ episode }) => !foundKeys.has(keyOf(episode))), ...stale].map(({ row }) => row);
  if (goneRows.length) await db.delete(incidentScopes).where(inArray(incidentScopes.id, goneRows.map((r) => r.id)));
  // Incidents that lose an episode to another or to nothing: recounted from what they keep unless an event claims them.
  const lost = new Set(goneRows.map((r) => r.incidentId));
  const inserts: (ReturnType<typeof columns> & { incidentId: number })[] = [];
  // An incident none claims whose episodes went to an event: the incident it became, should it go.
  const mergedInto = new Map<number, number>();
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
    for (const c of event.candidates) if (c !== id && !claimed.has(c)) mergedInto.set(c, id);
    for (const e of event.episodes) {
      const keptAs = keptRow.get(e);
      if (keptAs) {
        if (keptAs.incidentId !== id) {
          await db.update(incidentScopes).set({ incidentId: id }).where(eq(incidentScopes.id, keptAs.id));
          lost.add(keptAs.incidentId);
        }
        continue;
      }
      const row = { ...columns(e), incidentId: id };
      const same = byKey.get(keyOf(e));
      if (!same) inserts.push(row);
      else if (differs(same, row)) await db.update(incidentScopes).set(row).where(eq(incidentScopes.id, same.id));
    }
  }
  if (inserts.length) await db.insert(incidentScopes).values(inserts);
  for (const id of lost) {
    if (claimed.has(id)) continue;
    const left = (await db.select().from(incidentScopes).where(eq(incidentScopes.incidentId, id))).map(episodeOf).sort(byPrimary);
    const [was] = await db.select().from(incidents).where(eq(incidents.id, id));
    const values = left.length ? incidentValues(left) : undefined;
    if (was && values && differs(was, values)) await db.update(incidents).set({ ...values, updatedAt: sql`now()`, revisedAt: sql`now()` }).where(eq(incidents.id, id));
  }
  // Incidents whose episodes all went to another or went away. One merged
  // into another leaves an alias, so its permalink and what was said about it
  // lead on to the incident it became (and aliases to it, to that one).
  const gone = await db
    .delete(incidents)
    .where(notExists(db.select({ one: sql`1` }).from(incidentScopes).where(eq(incidentScopes.incidentId, incidents.id))))
    .returning({ id: incidents.id });
  for (const { id } of gone) {
    const into = mergedInto.get(id);
    if (into === undefined) continue;
    await db.update(incidentAliases).set({ newId: into }).where(eq(incidentAliases.newId, id));
    await db.insert(incidentAliases).values({ oldId: id, newId: into }).onConflictDoUpdate({ target: incidentAliases.oldId, set: { newId: into } });
  }
}

/** How far back the stored episodes that overlap a run's are looked for. */
const CONTEXT_MS = 14 * 24 * 3600_000;

/**
 * The stored episodes that began before `from` (other than `seen`) and overlap
 * the given ones, or overlap those, and so on: each round widens the span back
 * to the oldest start found, until a round finds nothing older (or CONTEXT_MS
 * back). A superset of the overlap closure, itself closed: an episode that
 * overlaps one in it overlaps its span.
 */
async function overlappingBefore(db: Db, episodes: readonly DetectedEpisode[], from: number, seen: ReadonlySet<number>) {
  if (episodes.length === 0) return [];
  const hi = episodes.some((e) => e.end === null) ? Infinity : Math.max(...episodes.map((e) => e.end!));
  const floor = from - CONTEXT_MS;
  let lo = Math.min(...episodes.map((e) => e.start));
  const out = new Map<number, ScopeRow>();
  for (;;) {
    const rows = await db
      .select()
      .from(incidentScopes)
      .where(and(lt(incidentScopes.startedAt, new Date(Math.min(from, hi))), or(isNull(incidentScopes.endedAt), gt(incidentScopes.endedAt, new Date(lo)))));
    const fresh = rows.filter((r) => !seen.has(r.id) && !out.has(r.id));
    for (const r of fresh) out.set(r.id, r);
    const oldest = Math.max(floor, Math.min(lo, ...fresh.map((r) => r.startedAt.getTime())));
    if (oldest >= lo) break;
    lo = oldest;
  }
  return [...out.values()].map(withEpisode);
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

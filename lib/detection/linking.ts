import { scopeId, scopesIntersect, SCOPE_KINDS, type Scope } from "@/lib/detection/scopes";

/*
 * One event, one incident. Episodes are linked in two steps:
 *
 * 1. Service episodes (a service, a service on one ISP) that overlap in time
 *    are joined when they can share a report (lib/detection/scopes.ts) —
 *    WhatsApp and WhatsApp on Zong — or began within ONSET_MS of each other:
 *    WhatsApp, YouTube and Instagram failing from the same noon are one
 *    throttling, while a VPN block that began at dawn stays its own event.
 * 2. A broad episode (an ISP, a province) cannot tell two services apart, so
 *    it must not bridge them: it joins the one event it overlaps and
 *    intersects whose start is closest to its own (the same onset, the same
 *    cause) — Zong and Sindh failing at noon join the noon WhatsApp failure,
 *    not the VPN block that began at dawn. Broad episodes that meet no service
 *    event are joined among themselves (Zong down in Sindh, every service).
 *
 * The primary scope is a service one where the event has any (Sindh would
 * say less than WhatsApp), the one with the most reports above typical (the
 * clearest signal); ties go to the broader kind (service, ISP, province, then
 * service on an ISP) and then the key, so the answer never depends on the
 * order the episodes come in.
 */

/** Service episodes that overlap and began this close together are one event. */
export const ONSET_MS = 30 * 60_000;

export type Linkable = Scope & { start: number; end: number | null; reports: number; expected: number };

const overlaps = (a: Linkable, b: Linkable) => a.start < (b.end ?? Infinity) && b.start < (a.end ?? Infinity);
const excess = (e: Linkable) => e.reports - e.expected;
const isBroad = (e: Linkable) => e.kind === "isp" || e.kind === "province";

/** Rank for the primary scope: negative when `a` should be primary over `b`. */
export function comparePrimary(a: Linkable, b: Linkable): number {
  return excess(b) - excess(a) || SCOPE_KINDS.indexOf(a.kind) - SCOPE_KINDS.indexOf(b.kind) || a.key.localeCompare(b.key) || a.start - b.start;
}

const canonical = (a: Linkable, b: Linkable) => a.start - b.start || scopeId(a).localeCompare(scopeId(b)) || (a.end ?? Infinity) - (b.end ?? Infinity);

/** Groups of linked episodes, each sorted primary first; groups oldest first. */
export function linkEpisodes<T extends Linkable>(input: readonly T[]): T[][] {
  const episodes = [...input].sort(canonical);
  const parent = episodes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const join = (i: number, j: number) => {
    parent[find(i)] = find(j);
  };
  const core = episodes.map((e, i) => [e, i] as const).filter(([e]) => !isBroad(e));
  const broad = episodes.map((e, i) => [e, i] as const).filter(([e]) => isBroad(e));

  for (const [a, i] of core) {
    for (const [b, j] of core) if (i < j && overlaps(a, b) && (scopesIntersect(a, b) || Math.abs(a.start - b.start) <= ONSET_MS)) join(i, j);
  }

  // Each service event's earliest start: the onset a broad episode is compared with.
  const onset = new Map<number, number>();
  for (const [e, i] of core) onset.set(find(i), Math.min(onset.get(find(i)) ?? Infinity, e.start));
  const alone: (readonly [T, number])[] = [];
  for (const [b, j] of broad) {
    let best: { root: number; distance: number } | undefined;
    for (const [c, i] of core) {
      if (!overlaps(b, c) || !scopesIntersect(b, c)) continue;
      const root = find(i);
      const distance = Math.abs(onset.get(root)! - b.start);
      if (!best || distance < best.distance || (distance === best.distance && root < best.root)) best = { root, distance };
    }
    if (best) join(j, best.root);
    else alone.push([b, j]);
  }
  for (const [a, i] of alone) for (const [b, j] of alone) if (i < j && overlaps(a, b) && scopesIntersect(a, b)) join(i, j);

  const groups = new Map<number, T[]>();
  episodes.forEach((e, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), e]));
  const byPrimary = (a: T, b: T) => Number(isBroad(a)) - Number(isBroad(b)) || comparePrimary(a, b);
  return [...groups.values()].map((g) => g.sort(byPrimary)).sort((a, b) => canonical(a.reduce((m, e) => (canonical(e, m) < 0 ? e : m)), b.reduce((m, e) => (canonical(e, m) < 0 ? e : m))));
}

import { scopeId, scopesIntersect, SCOPE_KINDS, type Scope } from "@/lib/detection/scopes";

/*
 * One event, one incident: episodes that overlap in time and whose scopes
 * intersect (lib/detection/scopes.ts) are joined, and so on transitively —
 * WhatsApp, Zong, WhatsApp on Zong and Sindh failing together are one
 * incident, not four. The primary scope is the one with the most reports
 * above typical (the clearest signal); ties go to the broader kind (service,
 * ISP, province, then service on an ISP) and then the key, so the answer
 * never depends on the order the episodes come in.
 */

export type Linkable = Scope & { start: number; end: number | null; reports: number; expected: number };

const overlaps = (a: Linkable, b: Linkable) => a.start < (b.end ?? Infinity) && b.start < (a.end ?? Infinity);
const excess = (e: Linkable) => e.reports - e.expected;

/** Rank for the primary scope: negative when `a` should be primary over `b`. */
export function comparePrimary(a: Linkable, b: Linkable): number {
  return excess(b) - excess(a) || SCOPE_KINDS.indexOf(a.kind) - SCOPE_KINDS.indexOf(b.kind) || a.key.localeCompare(b.key) || a.start - b.start;
}

/** Groups of linked episodes, each sorted primary first; groups oldest first. */
export function linkEpisodes<T extends Linkable>(episodes: readonly T[]): T[][] {
  const parent = episodes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < episodes.length; i++) {
    for (let j = i + 1; j < episodes.length; j++) {
      const a = episodes[i]!;
      const b = episodes[j]!;
      if (overlaps(a, b) && scopesIntersect(a, b)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, T[]>();
  episodes.forEach((e, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), e]);
  });
  return [...groups.values()]
    .map((g) => g.sort(comparePrimary))
    .sort((a, b) => Math.min(...a.map((e) => e.start)) - Math.min(...b.map((e) => e.start)) || scopeId(a[0]!).localeCompare(scopeId(b[0]!)));
}

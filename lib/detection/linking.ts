import { scopeId, scopeWithin, SCOPE_KINDS, type Scope } from "@/lib/detection/scopes";

/*
 * One event, one incident. An incident is built around one episode, its
 * anchor, and every other episode in it is linked to that anchor itself —
 * never through a third episode, so WhatsApp on Zong, then Zong, then
 * YouTube on Zong, then YouTube does not become one event. An episode links
 * with an anchor when they overlap in time and either
 *
 * - one scope lies within the other (WhatsApp on Zong within WhatsApp,
 *   Lahore within Punjab): the narrower one is part of the same failure,
 *   whenever it began; or
 * - they began within ONSET_MS of each other: WhatsApp, YouTube and Sindh
 *   failing from the same noon are one throttling. An ongoing nationwide VPN
 *   block therefore never absorbs a YouTube slowdown in two cities that
 *   begins hours later.
 *
 * Anchors are service episodes, the broadest first: each service episode
 * (oldest first) that links with no anchor yet becomes one, then each
 * service-on-one-ISP episode, so WhatsApp on Zong and WhatsApp on Jazz both
 * join WhatsApp instead of one of them anchoring the other's event away.
 * An episode that links with several anchors joins one it lies within (or
 * that lies within it) before one it only began with, and then the one
 * whose onset is closest to its own. A broad episode (an ISP, a province, a
 * district, an ISP in a district) cannot tell two services apart, so it
 * never anchors an event that has a service episode: it joins a service
 * event if it links with one. Broad episodes that link with none form
 * events of their own the same way, ISPs and provinces anchoring first,
 * then districts, then ISPs in a district (Zong down in Lahore, every
 * service).
 *
 * The primary scope is a service one where the event has any (Sindh would
 * say less than WhatsApp), the one with the most reports above typical (the
 * clearest signal); ties go to the broader kind (service, ISP, province,
 * district, then the pairs) and then the key, so the answer never depends
 * on the order the episodes come in.
 */

/** Episodes that overlap and began this close together can be one event. */
export const ONSET_MS = 30 * 60_000;

export type Linkable = Scope & { start: number; end: number | null; reports: number; expected: number };

/** Whether two spans (end null: still going on) share any time. */
export const overlaps = (a: { start: number; end: number | null }, b: { start: number; end: number | null }) =>
  a.start < (b.end ?? Infinity) && b.start < (a.end ?? Infinity);
const excess = (e: Linkable) => e.reports - e.expected;
const isBroad = (e: Linkable) => e.kind !== "service" && e.kind !== "service-isp";

const nested = (a: Scope, b: Scope) => scopeWithin(a, b) || scopeWithin(b, a);

/** Whether `e` belongs to the event anchored by `anchor` (the rule above). */
export function linksWith(e: Linkable, anchor: Linkable): boolean {
  return overlaps(e, anchor) && (nested(e, anchor) || Math.abs(e.start - anchor.start) <= ONSET_MS);
}

/** The order within an incident: service scopes first, then comparePrimary (the primary comes first). */
export const byPrimary = (a: Linkable, b: Linkable) => Number(isBroad(a)) - Number(isBroad(b)) || comparePrimary(a, b);

/** Rank for the primary scope: negative when `a` should be primary over `b`. */
export function comparePrimary(a: Linkable, b: Linkable): number {
  return excess(b) - excess(a) || SCOPE_KINDS.indexOf(a.kind) - SCOPE_KINDS.indexOf(b.kind) || a.key.localeCompare(b.key) || a.start - b.start;
}

const canonical = (a: Linkable, b: Linkable) => a.start - b.start || scopeId(a).localeCompare(scopeId(b)) || (a.end ?? Infinity) - (b.end ?? Infinity);

/** Groups of linked episodes, each sorted primary first; groups oldest first. */
export function linkEpisodes<T extends Linkable>(input: readonly T[]): T[][] {
  const episodes = [...input].sort(canonical);
  const events: { anchor: T; members: T[] }[] = [];
  /** The event whose anchor `e` links with: one nested with it first, then the closest onset (then the older event). */
  const eventFor = (e: T, among: typeof events) => {
    const rank = (event: (typeof events)[number]) => [nested(e, event.anchor) ? 0 : 1, Math.abs(event.anchor.start - e.start)] as const;
    let best: (typeof events)[number] | undefined;
    for (const event of among) {
      if (!linksWith(e, event.anchor)) continue;
      const [a, b] = rank(event);
      if (!best) best = event;
      else {
        const [c, d] = rank(best);
        if (a < c || (a === c && b < d)) best = event;
      }
    }
    return best;
  };
  const place = (e: T, among: typeof events) => {
    const event = eventFor(e, among);
    if (event) event.members.push(e);
    else among.push({ anchor: e, members: [e] });
  };
  const tier = (kinds: readonly string[]) => episodes.filter((e) => kinds.includes(e.kind));
  const serviceEvents: typeof events = [];
  for (const e of [...tier(["service"]), ...tier(["service-isp"])]) place(e, serviceEvents);
  const broadEvents: typeof events = [];
  for (const e of [...tier(["isp", "province"]), ...tier(["district"]), ...tier(["district-isp"])]) {
    const event = eventFor(e, serviceEvents);
    if (event) event.members.push(e);
    else place(e, broadEvents);
  }
  events.push(...serviceEvents, ...broadEvents);
  return events.map((g) => g.members.sort(byPrimary)).sort((a, b) => canonical(a.reduce((m, e) => (canonical(e, m) < 0 ? e : m)), b.reduce((m, e) => (canonical(e, m) < 0 ? e : m))));
}

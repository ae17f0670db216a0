import { and, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listIncidents, type IncidentSummary } from "@/db/incidents/summaries";
import { incidentScopes, notifications, subscriptions } from "@/db/schema";
import { incidentMatches, type Follows } from "@/lib/alerts/follows";
import { updatedEvent, type NoticeEvent, type NoticeIncident } from "@/lib/alerts/notice";
import { touchesIsp } from "@/lib/isp-desk/touches";

// Which notices are owed: for every active subscription, each incident it
// follows that opened after the subscription began (and, when it asked,
// each that ended after it began) within the last day. Written to the
// outbox under a unique key (subscription, incident, event), so however
// often this runs, on however many instances, a notice is owed once; an
// incident is one notice whatever the number of its linked scopes.
//
// An ISP desk's webhook (subscriptions.owner_isp) follows the incidents
// that touch its network (lib/isp-desk/touches.ts) and is also told when
// one grows: each time it is seen in a scope it was not in when it opened,
// an "updated:<number of scopes>" notice. The count is in the event's name,
// so the same unique key owes each growth once — a scope that eases and
// comes back adds no scope and no notice.

/** How far back an opening or end is still worth telling. */
export const NOTICE_WINDOW_MS = 24 * 3600_000;

export async function queueNotices(db: Db, now: Date): Promise<number> {
  const subs = await db
    .select()
    .from(subscriptions)
    .where(and(isNotNull(subscriptions.confirmedAt), isNull(subscriptions.unsubscribedAt)));
  if (subs.length === 0) return 0;
  const since = now.getTime() - NOTICE_WINDOW_MS;
  const recent = await listIncidents(
    db,
    { from: new Date(since), to: now, areas: [], isps: [], services: [], connections: [], problems: [] },
    1000,
  );
  const grown = subs.some((s) => s.ownerIsp) ? await growth(db, recent) : new Map<number, number>();
  const rows: (typeof notifications.$inferInsert)[] = [];
  const within = (t: number | null | undefined, began: number): t is number => t != null && t >= began && t >= since && t <= now.getTime();
  for (const incident of recent) {
    const opened = Date.parse(incident.openedAt);
    const ended = incident.end ? Date.parse(incident.end) : null;
    const snapshot: NoticeIncident = {
      id: incident.id,
      start: incident.start,
      end: incident.end,
      primary: incident.primary,
      reports: incident.reports,
      expected: incident.expected,
      scopes: incident.scopes.map((s) => ({ kind: s.kind, key: s.key })),
    };
    for (const sub of subs) {
      const began = sub.confirmedAt!.getTime();
      const follows = sub.ownerIsp ? touchesIsp(incident.scopes, sub.ownerIsp) : incidentMatches(sub.follows as Follows, incident.scopes);
      if (!follows) continue;
      const owe = (event: NoticeEvent) =>
        rows.push({
          subscriptionId: sub.id,
          incidentId: incident.id,
          event,
          messageId: `msg_${incident.id}_${event.replace(":", "_")}_${sub.id}`,
          payload: snapshot,
          status: "pending",
          nextAttemptAt: now,
          createdAt: now,
        });
      if (within(opened, began)) owe("opened");
      if (sub.ownerIsp && within(grown.get(incident.id), began)) owe(updatedEvent(incident.scopes.length));
      if (sub.notifyEnd && within(ended, began)) owe("ended");
    }
  }
  if (rows.length === 0) return 0;
  // Only what is not owed yet, a few hundred rows a statement (a statement takes at most 65,535 parameters).
  const owed = await db
    .select({ s: notifications.subscriptionId, i: notifications.incidentId, e: notifications.event })
    .from(notifications)
    .where(inArray(notifications.incidentId, [...new Set(rows.map((r) => r.incidentId))]));
  const known = new Set(owed.map((o) => `${o.s}|${o.i}|${o.e}`));
  const unsent = rows.filter((r) => !known.has(`${r.subscriptionId}|${r.incidentId}|${r.event}`));
  // An opening told now carries every scope seen so far: no update beside it says the same again.
  const opening = new Set(unsent.filter((r) => r.event === "opened").map((r) => `${r.subscriptionId}|${r.incidentId}`));
  const fresh = unsent.filter((r) => !(r.event.startsWith("updated:") && opening.has(`${r.subscriptionId}|${r.incidentId}`)));
  let written = 0;
  for (let i = 0; i < fresh.length; i += 500) {
    written += (await db.insert(notifications).values(fresh.slice(i, i + 500)).onConflictDoNothing().returning({ id: notifications.id })).length;
  }
  return written;
}

/**
 * For each incident seen in a scope after it opened: when the latest such
 * scope first opened (ms). A scope's first opening is its earliest episode's,
 * so one that eased and came back is not new.
 */
async function growth(db: Db, recent: IncidentSummary[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (recent.length === 0) return out;
  const rows = await db
    .select({ incidentId: incidentScopes.incidentId, kind: incidentScopes.kind, key: incidentScopes.key, openedAt: incidentScopes.openedAt })
    .from(incidentScopes)
    .where(inArray(incidentScopes.incidentId, recent.map((i) => i.id)));
  const first = new Map<string, { incidentId: number; at: number }>();
  for (const r of rows) {
    const id = `${r.incidentId}|${r.kind}:${r.key}`;
    const at = r.openedAt.getTime();
    const seen = first.get(id);
    if (!seen || at < seen.at) first.set(id, { incidentId: r.incidentId, at });
  }
  for (const incident of recent) {
    const opened = Date.parse(incident.openedAt);
    const later = [...first.values()].filter((f) => f.incidentId === incident.id && f.at > opened).map((f) => f.at);
    if (later.length > 0) out.set(incident.id, Math.max(...later));
  }
  return out;
}

import { and, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listIncidents } from "@/db/incidents/summaries";
import { notifications, subscriptions } from "@/db/schema";
import { incidentMatches, type Follows } from "@/lib/alerts/follows";
import type { NoticeEvent, NoticeIncident } from "@/lib/alerts/notice";

// Which notices are owed: for every active subscription, each incident it
// follows that opened after the subscription began (and, when it asked,
// each that ended after it began) within the last day. Written to the
// outbox under a unique key (subscription, incident, event), so however
// often this runs, on however many instances, a notice is owed once; an
// incident is one notice whatever the number of its linked scopes.

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
  const rows: (typeof notifications.$inferInsert)[] = [];
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
      if (!incidentMatches(sub.follows as Follows, incident.scopes)) continue;
      const owe = (event: NoticeEvent) =>
        rows.push({
          subscriptionId: sub.id,
          incidentId: incident.id,
          event,
          messageId: `msg_${incident.id}_${event}_${sub.id}`,
          payload: snapshot,
          status: "pending",
          nextAttemptAt: now,
          createdAt: now,
        });
      if (opened >= began && opened >= since && opened <= now.getTime()) owe("opened");
      if (sub.notifyEnd && ended !== null && ended >= began && ended >= since && ended <= now.getTime()) owe("ended");
    }
  }
  if (rows.length === 0) return 0;
  // Only what is not owed yet, a few hundred rows a statement (a statement takes at most 65,535 parameters).
  const owed = await db
    .select({ s: notifications.subscriptionId, i: notifications.incidentId, e: notifications.event })
    .from(notifications)
    .where(inArray(notifications.incidentId, [...new Set(rows.map((r) => r.incidentId))]));
  const known = new Set(owed.map((o) => `${o.s}|${o.i}|${o.e}`));
  const fresh = rows.filter((r) => !known.has(`${r.subscriptionId}|${r.incidentId}|${r.event}`));
  let written = 0;
  for (let i = 0; i < fresh.length; i += 500) {
    written += (await db.insert(notifications).values(fresh.slice(i, i + 500)).onConflictDoNothing().returning({ id: notifications.id })).length;
  }
  return written;
}

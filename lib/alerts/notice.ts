import { scopeName } from "@/lib/detection/scope-names";
import type { ScopeKind } from "@/lib/detection/scopes";

// What a notice says, in the subscriber's language: by e-mail, as a push
// notification, and as a webhook's JSON. It names the incident, its scope,
// its start (and end), its reports against typical, and links to its page
// and brief; e-mail adds the links to manage and to unsubscribe. An ISP
// desk's webhook is also told when an incident is seen in more scopes
// ("updated:<count>", type incident.updated; db/alerts/queue.ts).

export type NoticeEvent = "opened" | "ended" | `updated:${number}`;

/** The event of an incident now seen in `scopes` scopes: one notice per count. */
export const updatedEvent = (scopes: number): NoticeEvent => `updated:${scopes}`;

/** What happened, whatever the count: opened, updated or ended. */
export const eventKind = (event: NoticeEvent): "opened" | "updated" | "ended" => (event === "opened" || event === "ended" ? event : "updated");

/** The webhook type of an event: incident.opened, incident.updated, incident.ended. */
export const noticeType = (event: NoticeEvent) => `incident.${eventKind(event)}`;
export type NoticeIncident = {
  id: number;
  start: string;
  end: string | null;
  primary: { kind: ScopeKind; key: string };
  reports: number;
  expected: number;
  scopes: { kind: ScopeKind; key: string }[];
};

export type Notice = {
  subject: string;
  text: string;
  push: { title: string; body: string; url: string; tag: string };
  webhook: { type: string; timestamp: string; data: Record<string, unknown> };
};

const time = (iso: string, lang: string, timeZone: string) =>
  new Intl.DateTimeFormat(lang === "ur" ? "ur-PK" : "en-GB", { timeZone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }).format(new Date(iso));

export function buildNotice(
  incident: NoticeIncident,
  event: NoticeEvent,
  o: { baseUrl: string; lang: string; timeZone: string; manageUrl?: string; unsubscribeUrl?: string; now: Date },
): Notice {
  const ur = o.lang === "ur";
  const prefix = ur ? `${o.baseUrl}/ur` : o.baseUrl;
  const url = `${prefix}/incidents/${incident.id}`;
  const brief = `${prefix}/brief?from=${encodeURIComponent(incident.start)}&to=${encodeURIComponent(incident.end ?? o.now.toISOString())}`;
  const scope = scopeName(incident.primary, ur ? "ur" : "en");
  const started = time(incident.start, o.lang, o.timeZone);
  const ended = incident.end ? time(incident.end, o.lang, o.timeZone) : null;
  const typical = Math.round(incident.expected);
  const kind = eventKind(event);
  const count = incident.scopes.length;
  const subject = ur
    ? { opened: `${scope}: خلل ${started} سے (ڈسرپشن واچ)`, updated: `${scope}: خلل اب ${count} دائروں میں (ڈسرپشن واچ)`, ended: `${scope}: خلل ختم ${ended ?? ""} (ڈسرپشن واچ)` }[kind]
    : { opened: `${scope}: disruption from ${started} (Disruption Watch)`, updated: `${scope}: disruption now seen in ${count} scopes (Disruption Watch)`, ended: `${scope}: disruption over at ${ended ?? ""} (Disruption Watch)` }[kind];
  const figures = ur ? `${incident.reports} رپورٹیں، عام طور پر ${typical}` : `${incident.reports} reports where ${typical} are typical`;
  const lines = ur
    ? [
        { opened: `${scope} میں خلل ${started} سے۔`, updated: `${scope} میں ${started} سے جاری خلل اب ${count} دائروں میں دیکھا گیا ہے۔`, ended: `${scope} میں خلل ${started} سے ${ended} تک رہا۔` }[kind],
        figures,
        `واقعہ: ${url}`,
        `بریف: ${brief}`,
        ...(o.manageUrl ? ["", `اپنی رکنیت دیکھیں یا بدلیں: ${o.manageUrl}`] : []),
        ...(o.unsubscribeUrl ? [`رکنیت ختم کریں: ${o.unsubscribeUrl}`] : []),
      ]
    : [
        {
          opened: `A disruption of ${scope} since ${started}.`,
          updated: `The disruption of ${scope} since ${started} is now seen in ${count} scopes (services, providers or areas).`,
          ended: `The disruption of ${scope} from ${started} ended at ${ended}.`,
        }[kind],
        figures,
        `Incident: ${url}`,
        `Brief: ${brief}`,
        ...(o.manageUrl ? ["", `Manage this alert: ${o.manageUrl}`] : []),
        ...(o.unsubscribeUrl ? [`Unsubscribe: ${o.unsubscribeUrl}`] : []),
      ];
  return {
    subject,
    text: `${lines.join("\n")}\n`,
    push: { title: subject, body: figures, url, tag: `incident-${incident.id}-${event.replace(":", "-")}` },
    webhook: {
      type: noticeType(event),
      timestamp: o.now.toISOString(),
      data: {
        id: incident.id,
        url,
        brief,
        scope: incident.primary,
        scopes: incident.scopes,
        start: incident.start,
        end: incident.end,
        reports: incident.reports,
        expected: incident.expected,
      },
    },
  };
}

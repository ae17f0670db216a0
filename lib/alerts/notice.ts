import { scopeName } from "@/lib/detection/scope-names";
import type { ScopeKind } from "@/lib/detection/scopes";

// What a notice says, in the subscriber's language: by e-mail, as a push
// notification, and as a webhook's JSON. It names the incident, its scope,
// its start (and end), its reports against typical, and links to its page
// and brief; e-mail adds the links to manage and to unsubscribe.

export type NoticeEvent = "opened" | "ended";
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
  const subject = ur
    ? event === "opened"
      ? `${scope}: خلل ${started} سے (ڈسرپشن واچ)`
      : `${scope}: خلل ختم ${ended ?? ""} (ڈسرپشن واچ)`
    : event === "opened"
      ? `${scope}: disruption from ${started} (Disruption Watch)`
      : `${scope}: disruption over at ${ended ?? ""} (Disruption Watch)`;
  const figures = ur ? `${incident.reports} رپورٹیں، عام طور پر ${typical}` : `${incident.reports} reports where ${typical} are typical`;
  const lines = ur
    ? [
        event === "opened" ? `${scope} میں خلل ${started} سے۔` : `${scope} میں خلل ${started} سے ${ended} تک رہا۔`,
        figures,
        `واقعہ: ${url}`,
        `بریف: ${brief}`,
        ...(o.manageUrl ? ["", `اپنی رکنیت دیکھیں یا بدلیں: ${o.manageUrl}`] : []),
        ...(o.unsubscribeUrl ? [`رکنیت ختم کریں: ${o.unsubscribeUrl}`] : []),
      ]
    : [
        event === "opened" ? `A disruption of ${scope} since ${started}.` : `The disruption of ${scope} from ${started} ended at ${ended}.`,
        figures,
        `Incident: ${url}`,
        `Brief: ${brief}`,
        ...(o.manageUrl ? ["", `Manage this alert: ${o.manageUrl}`] : []),
        ...(o.unsubscribeUrl ? [`Unsubscribe: ${o.unsubscribeUrl}`] : []),
      ];
  return {
    subject,
    text: `${lines.join("\n")}\n`,
    push: { title: subject, body: figures, url, tag: `incident-${incident.id}-${event}` },
    webhook: {
      type: `incident.${event}`,
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

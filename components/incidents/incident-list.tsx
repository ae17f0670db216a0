import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import type { IncidentSummary } from "@/db/queries/incidents";
import { scopeName } from "@/lib/detection/scope-names";
import { scopeId } from "@/lib/detection/scopes";
import { env } from "@/lib/env";

/** The other scopes of an incident (each listed once by the query; services on one provider are on its page). */
const linked = (i: IncidentSummary) => i.scopes.filter((s) => s.kind !== "service-isp" && scopeId(s) !== scopeId(i.primary));

/** Incidents as a list of events, newest first: each with its primary scope, times, figures and the scopes linked to it. */
export async function IncidentList({ incidents }: { incidents: IncidentSummary[] }) {
  const t = await getTranslations("incidents");
  const locale = await getLocale();
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone });
  if (incidents.length === 0) return <p className="empty">{t("none")}</p>;
  return (
    <ol className="incident-list" data-testid="incident-list">
      {incidents.map((i) => (
        <li key={i.id} className="card incident-row" data-testid="incident" data-status={i.status}>
          <p className="incident-head">
            <span className={`status-badge ${i.status === "ongoing" ? "status-problem" : "status-unknown"}`}>{t(i.status)}</span>{" "}
            <Link href={`/incidents/${i.id}`} className="incident-title">
              {scopeName(i.primary, locale)}
            </Link>{" "}
            <span className="muted">{t(`scopeKinds.${i.primary.kind}`)}</span>
          </p>
          <p className="incident-when">
            {when(i.start)} – {i.end ? when(i.end) : t("now")} ·{" "}
            {t("durationValue", { hours: Math.floor(i.durationMinutes / 60), minutes: i.durationMinutes % 60 })}
          </p>
          <p className="incident-figures">
            {t("againstTypical", {
              reports: format.number(i.reports),
              expected: format.number(i.expected, { maximumFractionDigits: 0 }),
              ratio: format.number(i.reports / Math.max(i.expected, 1), { maximumFractionDigits: 1 }),
            })}
          </p>
          {linked(i).length > 0 ? (
            <p className="incident-linked muted">
              {t("alsoSeen")}: {linked(i).map((s) => scopeName(s, locale)).join(locale === "ur" ? "، " : ", ")}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

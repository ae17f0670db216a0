import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { IncidentSummary } from "@/db/queries/incidents";
import { scopeName } from "@/lib/detection/scope-names";
import { env } from "@/lib/env";

/** The scopes the detector saw an incident in, the primary first, each with its own times and figures. */
export async function IncidentScopes({ incident }: { incident: IncidentSummary }) {
  const t = await getTranslations("incidents");
  const locale = await getLocale();
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const time = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "short", timeStyle: "short", timeZone }) : t("now"));
  return (
    <section className="card" data-testid="incident-scopes">
      <h2>{t("scopesTitle")}</h2>
      <details open={incident.scopes.length <= 8}>
        <summary>{t("scopesCount", { count: incident.scopes.length })}</summary>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("scopeKinds.service")} / {t("scopeKinds.isp")} / {t("scopeKinds.province")} / {t("scopeKinds.district")}</th>
              <th scope="col">{t("scopeStart")}</th>
              <th scope="col">{t("scopeEnd")}</th>
              <th scope="col">{t("reports")}</th>
            </tr>
          </thead>
          <tbody>
            {incident.scopes.map((s) => (
              <tr key={`${s.kind}:${s.key}:${s.start}`}>
                <th scope="row">
                  {scopeName(s, locale)} <span className="muted">({t(`scopeKinds.${s.kind}`)})</span>
                </th>
                <td>{time(s.start)}</td>
                <td>{time(s.end)}</td>
                <td>
                  {format.number(s.reports)} <span className="muted">{t("typical", { count: format.number(s.expected, { maximumFractionDigits: 0 }) })}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      </details>
    </section>
  );
}

import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import { incidentsTouching, reachOf, statementCounts } from "@/db/queries/isp-desk";
import { db } from "@/db/runtime";
import { scopeName } from "@/lib/detection/scope-names";
import { env } from "@/lib/env";
import type { Filters } from "@/lib/filters";
import { appendFilters } from "@/lib/view/view-params";

/**
 * The incidents that touch the ISP's network in the window, ongoing first:
 * whether they name the ISP or every network, their figures, and the ISP's
 * statements on each (a link to answer). The list is the API's
 * `/api/v1/incidents?touching=<isp>`, which the CSV link downloads.
 */
export async function DeskIncidents({ isp, filters }: { isp: string; filters: Filters }) {
  const t = await getTranslations("IspDesk");
  const tIncidents = await getTranslations("incidents");
  const locale = await getLocale();
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const list = await incidentsTouching(db(), isp, filters);
  const statements = await statementCounts(db(), isp, list.map((i) => i.id));
  const q = new URLSearchParams({ touching: isp, from: filters.from.toISOString(), to: filters.to.toISOString(), format: "csv" });
  appendFilters(q, { ...filters, isps: [] });
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <section className="card" data-testid="desk-incidents" aria-labelledby="desk-incidents-title">
      <h2 id="desk-incidents-title">{t("incidentsTitle")}</h2>
      <p className="muted">
        {t("incidentsNote")}{" "}
        <a href={`/api/v1/incidents?${q}`} download data-testid="desk-incidents-csv">
          {t("downloadCsv")}
        </a>
      </p>
      {list.length === 0 ? (
        <p className="empty">{t("noIncidents")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table desk-table">
            <thead>
              <tr>
                <th scope="col">{t("col.incident")}</th>
                <th scope="col">{t("col.status")}</th>
                <th scope="col">{t("col.reach")}</th>
                <th scope="col">{t("col.when")}</th>
                <th scope="col">{t("col.reports")}</th>
                <th scope="col">{t("col.statement")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => {
                const own = statements.get(i.id) ?? 0;
                return (
                  <tr key={i.id} data-testid="desk-incident" data-id={i.id} data-status={i.status}>
                    <th scope="row">
                      <Link href={`/incidents/${i.id}`}>{scopeName(i.primary, locale)}</Link>
                    </th>
                    <td>
                      <span className={`status-badge ${i.status === "ongoing" ? "status-problem" : "status-unknown"}`}>{tIncidents(i.status)}</span>
                    </td>
                    <td>{t(`reach.${reachOf(i, isp)}`)}</td>
                    <td>
                      {when(i.start)} – {i.end ? when(i.end) : tIncidents("now")}
                    </td>
                    <td>
                      {t("reportsAgainst", { reports: format.number(i.reports), expected: format.number(i.expected, { maximumFractionDigits: 0 }) })}
                    </td>
                    <td>
                      <Link href={`/isp-desk/incidents/${i.id}`} data-testid="desk-answer">
                        {own > 0 ? t("statementsPosted", { count: own }) : t("answer")}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import * as cached from "@/db/queries/cached";
import { env } from "@/lib/env";
import type { Filters } from "@/lib/filters";
import { appendFilters } from "@/lib/view/view-params";

const MAX_ROWS = 20;

/** District × hour (day for long windows) complaints of the view, with the full table as CSV. */
export async function AreaHoursTable({ filters }: { filters: Filters }) {
  const t = await getTranslations("dashboard");
  const locale = await getLocale();
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const bucket = filters.to.getTime() - filters.from.getTime() > 48 * 3600_000 ? "1d" : "1h";
  const table = await cached.areaHours(filters, bucket, timeZone);
  // The CSV is the table shown: the same buckets, so its totals are the page's.
  const q = new URLSearchParams({ from: filters.from.toISOString(), to: filters.to.toISOString(), format: "csv", bucket });
  appendFilters(q, filters);
  const head = (iso: string) =>
    format.dateTime(new Date(iso), bucket === "1d" ? { day: "numeric", month: "short", timeZone } : { hour: "2-digit", hourCycle: "h23", timeZone });
  return (
    <section className="card" data-testid="area-hours">
      <h2>{t("areaHour")}</h2>
      <p className="muted">
        {t("areaHourNote")} <a href={`/api/v1/area-hours?${q.toString()}`} download data-testid="area-hours-csv">{t("downloadCsv")}</a>
      </p>
      {table.rows.length === 0 ? (
        <p className="empty">{t("noReports")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table matrix">
            <thead>
              <tr>
                <th scope="col">{t("district")}</th>
                <th scope="col">
                  {/* Σ for the eye, the word for a screen reader. */}
                  <span aria-hidden="true">Σ</span>
                  <span className="visually-hidden">{t("total")}</span>
                </th>
                {table.starts.map((s) => (
                  <th scope="col" key={s}>
                    {head(s)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.slice(0, MAX_ROWS).map((r) => {
                const max = Math.max(...r.counts, 1);
                return (
                  <tr key={r.area} data-area={r.area} data-total={r.total}>
                    <th scope="row">
                      <Link href={`/area/${r.area}`}>{locale === "ur" ? r.nameUr : r.name}</Link>
                    </th>
                    <td>{format.number(r.total)}</td>
                    {r.counts.map((c, i) => (
                      <td key={i} style={c ? { background: `rgba(179, 38, 30, ${(0.08 + (0.6 * c) / max).toFixed(2)})` } : undefined}>
                        {c || ""}
                      </td>
                    ))}
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

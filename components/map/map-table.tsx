import { getFormatter, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import type { MapAreaDatum } from "@/components/map/map-types";
import { AREA_PLACEHOLDER } from "@/components/map/map-types";
import { compareStatus } from "@/lib/detection/status";

const MAX_ROWS = 15;

/** The map's figures as a table, most unusual first: the keyboard's and the screen reader's way to filter by area. */
export async function MapTable({ areas, filterHref }: { areas: MapAreaDatum[]; filterHref: string }) {
  const t = await getTranslations("map");
  const format = await getFormatter();
  // Worst first by the status rules: a problem before an elevated area, then the larger ratio.
  const status = (a: MapAreaDatum) => ({ level: a.level, current: a.count, expected: a.expected, key: a.area });
  const rows = [...areas].sort((a, b) => compareStatus(status(a), status(b))).slice(0, MAX_ROWS);
  return (
    <section className="card" id="map-table" data-testid="map-table">
      <h2>{t("tableTitle")}</h2>
      {rows.length === 0 ? (
        <p className="empty">{t("noData")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("area")}</th>
                <th scope="col">{t("reports")}</th>
                <th scope="col">{t("typical")}</th>
                <th scope="col">{t("ratio")}</th>
                <th scope="col">{t("topService")}</th>
                <th scope="col">{t("topIsp")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.area} data-area={r.area} data-count={r.count}>
                  <th scope="row">
                    <Link href={filterHref.replace(AREA_PLACEHOLDER, r.area)} scroll={false} title={t("filterTo", { name: r.name })}>
                      {r.name}
                    </Link>
                  </th>
                  <td>{format.number(r.count)}</td>
                  <td>{r.ratio === null ? "–" : format.number(r.expected, { maximumFractionDigits: 1 })}</td>
                  <td>{r.ratio === null ? t("noBaseline") : `×${format.number(r.ratio, { maximumFractionDigits: 1 })}`}</td>
                  <td>{r.topService ?? "–"}</td>
                  <td>{r.topIsp ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

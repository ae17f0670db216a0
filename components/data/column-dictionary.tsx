import { getLocale, getTranslations } from "next-intl/server";
import { EXPORT_COLUMNS, type ExportColumn } from "@/lib/export/columns";
import { DISTRICTS, ISPS, PROVINCES, SERVICES, localName } from "@/lib/reference";
import { CONNECTIONS, PROBLEMS } from "@/lib/reports/vocabulary";

/** The data dictionary: every export column, from the same list the CSV header is written from. */
export async function ColumnDictionary() {
  const t = await getTranslations("data");
  const tConnection = await getTranslations("connection");
  const tProblem = await getTranslations("problem");
  const locale = await getLocale();
  const values = (c: ExportColumn) => {
    switch (c.values) {
      case "connections":
        return <CodeList items={CONNECTIONS.map((v) => [v, tConnection(v)])} />;
      case "problems":
        return <CodeList items={PROBLEMS.map((v) => [v, tProblem(v)])} />;
      case "areas":
        return t("valueLists.areas", { count: DISTRICTS.length });
      case "provinces":
        return t("valueLists.provinces", { count: PROVINCES.length });
      case "isps":
        return t("valueLists.isps", { count: ISPS.length });
      case "services":
        return t("valueLists.services", { count: SERVICES.length });
      case "sources":
      case "statuses":
        return t(`valueLists.${c.values}`);
      default:
        return "";
    }
  };
  return (
    <section className="card" aria-labelledby="columns-title">
      <h2 id="columns-title">{t("columnsTitle")}</h2>
      <p>{t("columnsIntro")}</p>
      <div className="table-scroll">
        <table className="data-table dictionary" data-testid="column-dictionary">
          <thead>
            <tr>
              <th scope="col">{t("column")}</th>
              <th scope="col">{t("jsonField")}</th>
              <th scope="col">{t("type")}</th>
              <th scope="col">{t("meaning")}</th>
              <th scope="col">{t("values")}</th>
            </tr>
          </thead>
          <tbody>
            {EXPORT_COLUMNS.map((c) => (
              <tr key={c.csv}>
                <th scope="row">
                  <code dir="ltr">{c.csv}</code>
                </th>
                <td data-label={t("jsonField")}>
                  <code dir="ltr">{c.json}</code>
                </td>
                <td data-label={t("type")}>{t(`types.${c.type}`)}</td>
                <td>{t(`columns.${c.json}`)}</td>
                {c.values ? <td data-label={t("values")}>{values(c)}</td> : <td />}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("codesTitle")}</h3>
      {(
        [
          ["province", PROVINCES],
          ["area", DISTRICTS],
          ["isp", ISPS],
          ["service", SERVICES],
        ] as const
      ).map(([column, list]) => (
        <details key={column}>
          <summary>
            <code dir="ltr">{column}</code> ({list.length})
          </summary>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("code")}</th>
                  <th scope="col">{locale === "ur" ? t("nameUr") : t("nameEn")}</th>
                  <th scope="col">{locale === "ur" ? t("nameEn") : t("nameUr")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((item) => (
                  <tr key={item.slug}>
                    <td>
                      <code dir="ltr">{item.slug}</code>
                    </td>
                    <td>{localName(item, locale)}</td>
                    <td lang={locale === "ur" ? "en" : "ur"} dir={locale === "ur" ? "ltr" : "rtl"}>
                      {localName(item, locale === "ur" ? "en" : "ur")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </section>
  );
}

function CodeList({ items }: { items: [string, string][] }) {
  return (
    <ul className="code-list">
      {items.map(([code, name]) => (
        <li key={code}>
          <code dir="ltr">{code}</code>: {name}
        </li>
      ))}
    </ul>
  );
}

import { getTranslations } from "next-intl/server";
import * as cached from "@/db/queries/cached";
import { MAX_EXPORT_DAYS } from "@/lib/export/export-params";
import type { Filters } from "@/lib/filters";
import { appendFilters } from "@/lib/view/view-params";

/** Download links for the reports of a view: CSV, JSON and the sealed record of its window. */
export async function ExportLinks({ filters }: { filters: Filters }) {
  const t = await getTranslations("data");
  const window = new URLSearchParams({ from: filters.from.toISOString(), to: filters.to.toISOString() });
  const filtered = new URLSearchParams(window);
  appendFilters(filtered, filters);
  const href = (q: URLSearchParams, extra: Record<string, string>) => `/api/v1/export?${new URLSearchParams([...q, ...Object.entries(extra)])}`;
  const tooLong = filters.to.getTime() - filters.from.getTime() > MAX_EXPORT_DAYS * 86_400_000;
  // The charts' own count (the CSV holds exactly these rows; tests/integration/export.test.ts).
  const total = (await cached.breakdown(filters, "connection")).reduce((n, r) => n + r.count, 0);
  const csv = href(filtered, { format: "csv" });
  return (
    <section className="card" aria-labelledby="download-title">
      <h2 id="download-title">{t("downloadTitle")}</h2>
      <p data-testid="export-count">{t("downloadCount", { count: total })}</p>
      {tooLong ? (
        <p className="form-error">{t("tooLong", { days: MAX_EXPORT_DAYS })}</p>
      ) : (
        <>
          <ul className="link-list download-links">
            <li>
              <a href={csv} download data-testid="export-csv">
                {t("csv")}
              </a>
            </li>
            <li>
              <a href={href(filtered, { format: "json" })} download>
                {t("json")}
              </a>
            </li>
            <li>
              <a href={href(window, { format: "json", include: "all" })} download>
                {t("sealed")}
              </a>
            </li>
          </ul>
          <p className="muted">{t("sealedHint")}</p>
          <p className="muted">
            {t("api")}{" "}
            <code dir="ltr" className="url">
              {csv}
            </code>
          </p>
        </>
      )}
    </section>
  );
}

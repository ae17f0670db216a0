import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { publishedComments } from "@/db/queries/incidents";
import { db } from "@/db/runtime";
import { env } from "@/lib/env";
import type { Filters } from "@/lib/filters";
import { findArea, findService, localName } from "@/lib/reference";
import { appendFilters } from "@/lib/view/view-params";

const SHOWN = 50;

/**
 * Reporters' comments on the ISP's network that a moderator published, newest
 * first, with what each report said; the CSV is the API's
 * `/api/v1/comments`. Nothing here names a reporter.
 */
export async function DeskComments({ filters }: { filters: Filters }) {
  const t = await getTranslations("IspDesk");
  const tProblem = await getTranslations("problem");
  const locale = await getLocale();
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const comments = await publishedComments(db(), filters, SHOWN);
  const q = new URLSearchParams({ from: filters.from.toISOString(), to: filters.to.toISOString(), format: "csv", limit: "500" });
  appendFilters(q, filters);
  const name = <T extends { nameEn: string; nameUr: string }>(found: T | undefined, slug: string) => (found ? localName(found, locale) : slug);
  return (
    <section className="card" data-testid="desk-comments" aria-labelledby="desk-comments-title">
      <h2 id="desk-comments-title">{t("commentsTitle")}</h2>
      <p className="muted">
        {t("commentsNote")}{" "}
        <a href={`/api/v1/comments?${q}`} download data-testid="desk-comments-csv">
          {t("downloadCsv")}
        </a>
      </p>
      {comments.length === 0 ? (
        <p className="empty">{t("noComments")}</p>
      ) : (
        // Focusable, so a keyboard can scroll it sideways at phone width (it holds no link).
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t("commentsTable")}>
          <table className="data-table desk-table">
            <thead>
              <tr>
                <th scope="col">{t("col.when")}</th>
                <th scope="col">{t("col.district")}</th>
                <th scope="col">{t("col.service")}</th>
                <th scope="col">{t("col.problem")}</th>
                <th scope="col">{t("col.comment")}</th>
              </tr>
            </thead>
            <tbody>
              {comments.map((c, i) => (
                <tr key={i} data-testid="desk-comment">
                  <td>{format.dateTime(new Date(c.t), { dateStyle: "medium", timeStyle: "short", timeZone })}</td>
                  <td>{name(findArea(c.area), c.area)}</td>
                  <td>{name(findService(c.service), c.service)}</td>
                  <td>{tProblem(c.problem)}</td>
                  {/* The reporter's words, as text, in whatever language they wrote. */}
                  <td dir="auto" className="desk-comment-text">{c.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

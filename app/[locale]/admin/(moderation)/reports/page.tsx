import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations, setRequestLocale } from "next-intl/server";
import { requireModerator } from "@/app/[locale]/admin/moderator";
import { AdminNotice } from "@/components/admin/admin-notice";
import { ReportDetail } from "@/components/admin/report-detail";
import { StatusBadge } from "@/components/admin/report-facts";
import { ReportSearchForm } from "@/components/admin/report-search-form";
import { reportAudit } from "@/db/queries/audit-log";
import { findReport, findReports } from "@/db/queries/report-search";
import { db } from "@/db/runtime";
import { getPathname, Link } from "@/i18n/navigation";
import { env } from "@/lib/env";
import { parseReportSearch } from "@/lib/moderation/report-search-params";
import { currentHref } from "@/lib/moderation/return-to";
import { findArea, findIsp, findService, localName } from "@/lib/reference";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "admin.reports" });
  return { title: t("title") };
}

/** Find a report (by number, or by window and filters) and void it with a reason. */
export default async function ReportsPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireModerator(locale);
  const query = await searchParams;
  const one = (k: string) => (Array.isArray(query[k]) ? query[k][0] : query[k]);
  const timeZone = env().DISPLAY_TIME_ZONE;
  const { search, errors } = parseReportSearch(query, timeZone);
  const t = await getTranslations("admin.reports");
  const returnTo = currentHref("/admin/reports", query);
  const single = search.id !== undefined;
  return (
    <div className="page admin-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <AdminNotice notice={one("notice")} report={one("report")} returnTo={returnTo} onReport={search.id} />
      <ReportSearchForm search={search} errors={errors} timeZone={timeZone} action={getPathname({ href: "/admin/reports", locale })} />
      {single ? (
        <>
          <p className="back-link">
            <Link href={{ pathname: "/admin/reports", query: listQuery(query) }}>{t("backToList")}</Link>
          </p>
          <OneReport id={search.id!} returnTo={returnTo} />
        </>
      ) : (
        <ReportList query={query} />
      )}
    </div>
  );
}

/** The search as a list: the URL's filters without the page, the notice or a report number. */
function listQuery(query: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).flatMap(([k, v]) => (["cursor", "notice", "report", "id"].includes(k) || v === undefined ? [] : [[k, Array.isArray(v) ? v[0]! : v]])),
  );
}

async function OneReport({ id, returnTo }: { id: number; returnTo: string }) {
  const t = await getTranslations("admin.reports");
  const report = await findReport(db(), id);
  if (!report) return <p className="empty">{t("notFound", { id })}</p>;
  return <ReportDetail report={report} history={await reportAudit(db(), id)} returnTo={returnTo} />;
}

async function ReportList({ query }: { query: Record<string, string | string[] | undefined> }) {
  const t = await getTranslations("admin.reports");
  const tReport = await getTranslations("admin.report");
  const tProblem = await getTranslations("problem");
  const locale = await getLocale();
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const { search } = parseReportSearch(query, timeZone);
  const page = await findReports(db(), search);
  const name = (item: { nameEn: string; nameUr: string } | undefined, slug: string) => (item ? localName(item, locale) : slug);
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone });
  const base = listQuery(query);
  if (page.items.length === 0) return <p className="empty">{t("none")}</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table report-table" data-testid="report-table">
          <caption className="visually-hidden">{t("results")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("number")}</th>
              <th scope="col">{tReport("observed")}</th>
              <th scope="col">{tReport("area")}</th>
              <th scope="col">{tReport("isp")}</th>
              <th scope="col">{tReport("service")}</th>
              <th scope="col">{tReport("problem")}</th>
              <th scope="col">{tReport("status")}</th>
              <th scope="col">{tReport("comment")}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((r) => (
              <tr key={r.id} data-report-id={r.id}>
                <td>
                  <Link href={{ pathname: "/admin/reports", query: { ...base, id: String(r.id) } }} aria-label={t("openReport", { id: r.id })}>
                    #{r.id}
                  </Link>
                </td>
                <td className="nowrap">{when(r.observedAt)}</td>
                <td>{name(findArea(r.area), r.area)}</td>
                <td>{name(findIsp(r.isp), r.isp)}</td>
                <td>{name(findService(r.service), r.service)}</td>
                <td>{tProblem(r.problem)}</td>
                <td>
                  <StatusBadge status={r.status} label={tReport(`statuses.${r.status}`)} />
                </td>
                <td>{r.commentReview ? tReport(`review.${r.commentReview}`) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.next || search.cursor ? (
        <p className="pager">
          {search.cursor ? <Link href={{ pathname: "/admin/reports", query: base }}>{t("newest")}</Link> : null}
          {page.next ? (
            <Link href={{ pathname: "/admin/reports", query: { ...base, cursor: page.next } }} rel="next">
              {t("older")}
            </Link>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

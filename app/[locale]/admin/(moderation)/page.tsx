import type { Metadata } from "next";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { requireModerator } from "@/app/[locale]/admin/moderator";
import { AdminNotice } from "@/components/admin/admin-notice";
import { CommentText, ReportFacts } from "@/components/admin/report-facts";
import { ReviewButtons } from "@/components/admin/review-buttons";
import { commentCounts, commentQueue } from "@/db/queries/moderation-queue";
import { db } from "@/db/runtime";
import { env } from "@/lib/env";
import { Link } from "@/i18n/navigation";
import { decodeCursor } from "@/lib/moderation/cursor";
import { currentHref } from "@/lib/moderation/return-to";
import type { CommentReview } from "@/lib/moderation/vocabulary";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const TABS: CommentReview[] = ["pending", "published", "hidden"];

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "admin.comments" });
  return { title: t("title") };
}

/** The comment queue: what waits for a decision, and what was published or hidden. */
export default async function CommentsPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireModerator(locale);
  const query = await searchParams;
  const one = (k: string) => (Array.isArray(query[k]) ? query[k][0] : query[k]);
  const state = TABS.find((s) => s === one("state")) ?? "pending";
  const t = await getTranslations("admin.comments");
  const [page, counts] = await Promise.all([commentQueue(db(), state, decodeCursor(one("cursor"))), commentCounts(db())]);
  const returnTo = currentHref("/admin", query);
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone: env().DISPLAY_TIME_ZONE });
  return (
    <div className="page admin-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <AdminNotice notice={one("notice")} report={one("report")} returnTo={currentHref("/admin", { state: one("state") })} />
      <nav className="switch admin-tabs" aria-label={t("tabsLabel")}>
        {TABS.map((s) => (
          <Link key={s} href={s === "pending" ? "/admin" : { pathname: "/admin", query: { state: s } }} aria-current={s === state ? "page" : undefined}>
            {t(`tabs.${s}`, { count: counts[s] })}
          </Link>
        ))}
      </nav>
      {page.items.length === 0 ? (
        <p className="empty">{t(`empty.${state}`)}</p>
      ) : (
        <ol className="queue" data-testid="comment-queue">
          {page.items.map((item) => (
            <li key={item.reportId} className="card queue-item" data-report-id={item.reportId}>
              <h2 className="queue-item-title">
                <Link href={{ pathname: "/admin/reports", query: { id: String(item.reportId) } }}>{t("report", { id: item.reportId })}</Link>
              </h2>
              <CommentText text={item.comment} testId="comment-text" />
              <ReportFacts report={item} />
              {item.review ? (
                <p className="muted">{t(`decided.${item.review.state}`, { username: item.review.by, time: when(item.review.at) })}</p>
              ) : null}
              <ReviewButtons reportId={item.reportId} review={item.review?.state ?? "pending"} status={item.status} returnTo={returnTo} />
            </li>
          ))}
        </ol>
      )}
      {page.next || one("cursor") ? (
        <p className="pager">
          {one("cursor") ? <Link href={state === "pending" ? "/admin" : { pathname: "/admin", query: { state } }}>{t("newest")}</Link> : null}
          {page.next ? (
            <Link href={{ pathname: "/admin", query: { ...(state === "pending" ? {} : { state }), cursor: page.next } }} rel="next">
              {t("older")}
            </Link>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

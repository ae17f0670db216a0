import { NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import { AuditTable } from "@/components/admin/audit-table";
import { CommentText, ReportFacts } from "@/components/admin/report-facts";
import { ReviewButtons } from "@/components/admin/review-buttons";
import { VoidForm } from "@/components/admin/void-form";
import type { AuditRow } from "@/db/queries/audit-log";
import type { FoundReport } from "@/db/queries/report-search";
import { clientMessages } from "@/i18n/client-messages";

/** One report as a moderator sees it: its facts, its comment, its history, and voiding. */
export async function ReportDetail({ report, history, returnTo }: { report: FoundReport; history: AuditRow[]; returnTo: string }) {
  const t = await getTranslations("admin.report");
  const tComments = await getTranslations("admin.comments");
  return (
    <article className="card report-detail" data-testid="report-detail" data-status={report.status} aria-labelledby="report-title">
      <h2 id="report-title">{tComments("report", { id: report.id })}</h2>
      <ReportFacts
        report={report}
        more={[
          [t("source"), t(`sources.${report.source}`)],
          [t("viaVpn"), report.viaVpn === null ? "—" : report.viaVpn ? t("yes") : t("no")],
          [t("speed"), report.speedKbps === null ? "—" : t("kbps", { speed: report.speedKbps })],
        ]}
      />
      <h3>{t("comment")}</h3>
      {report.comment !== null && report.commentReview !== null ? (
        <>
          <CommentText text={report.comment} testId="comment-text" />
          <p className="muted" data-testid="comment-review">
            {t(`review.${report.commentReview}`)}
          </p>
          <ReviewButtons reportId={report.id} review={report.commentReview} status={report.status} returnTo={returnTo} />
        </>
      ) : (
        <p className="muted">{t("noComment")}</p>
      )}
      <h3>{t("history")}</h3>
      {history.length === 0 ? <p className="muted">{t("noHistory")}</p> : <AuditTable entries={history} caption={t("history")} showReport={false} />}
      {report.status === "counted" ? (
        <NextIntlClientProvider messages={await clientMessages(["admin"])}>
          <VoidForm reportId={report.id} returnTo={returnTo} />
        </NextIntlClientProvider>
      ) : (
        <p className="muted" data-testid="not-voidable">
          {t(`notVoidable.${report.status}`)}
        </p>
      )}
    </article>
  );
}

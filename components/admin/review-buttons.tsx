import { getTranslations } from "next-intl/server";
import { reviewCommentAction } from "@/app/[locale]/admin/(moderation)/actions";
import type { CommentReview } from "@/lib/moderation/vocabulary";
import type { ReportStatus } from "@/lib/reports/vocabulary";

/**
 * Publish / hide for one comment: a plain form per decision (no JavaScript
 * needed), posting the server action with the report's number and where to
 * come back to.
 */
export async function ReviewButtons({ reportId, review, status, returnTo }: { reportId: number; review: CommentReview; status: ReportStatus; returnTo: string }) {
  const t = await getTranslations("admin.comments");
  const canPublish = review !== "published" && status !== "voided";
  return (
    <div className="review-buttons">
      {canPublish ? (
        <form action={reviewCommentAction}>
          <input type="hidden" name="reportId" value={reportId} />
          <input type="hidden" name="state" value="published" />
          <input type="hidden" name="returnTo" value={returnTo} />
          <button type="submit" className="button publish" aria-label={t("publishReport", { id: reportId })}>
            {t("publish")}
          </button>
        </form>
      ) : null}
      {review !== "hidden" ? (
        <form action={reviewCommentAction}>
          <input type="hidden" name="reportId" value={reportId} />
          <input type="hidden" name="state" value="hidden" />
          <input type="hidden" name="returnTo" value={returnTo} />
          <button type="submit" className="button" aria-label={t("hideReport", { id: reportId })}>
            {t("hide")}
          </button>
        </form>
      ) : null}
      {review !== "published" && status === "voided" ? <p className="muted">{t("voidedNoPublish")}</p> : null}
    </div>
  );
}

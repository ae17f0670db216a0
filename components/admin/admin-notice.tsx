import { getTranslations } from "next-intl/server";
import { Notice } from "@/components/admin/notice";
import { ReviewButtons } from "@/components/admin/review-buttons";
import { Link } from "@/i18n/navigation";
import type { CommentReview } from "@/lib/moderation/vocabulary";

const DONE = new Set(["published", "hidden", "already_published", "already_hidden", "voided"]);
const KNOWN = new Set([...DONE, "not_found", "no_comment", "unavailable", "invalid_report", "invalid_state"]);

/**
 * The notice an action leaves in the URL (?notice=…&report=…), in words;
 * after publishing or hiding, with the way back (hide it again, publish it
 * again) right there.
 */
export async function AdminNotice({ notice, report, returnTo, onReport }: { notice?: string; report?: string; returnTo: string; onReport?: number }) {
  if (!notice) return null;
  const t = await getTranslations("admin.notices");
  const code = KNOWN.has(notice) ? notice : "unknown";
  const id = report && /^\d{1,15}$/.test(report) ? Number(report) : undefined;
  const undo: CommentReview | undefined = notice === "published" ? "published" : notice === "hidden" ? "hidden" : undefined;
  return (
    <Notice tone={DONE.has(code) ? "done" : "problem"}>
      <p>
        {t(code, { id: id ?? 0 })}{" "}
        {id !== undefined && id !== onReport ? (
          <Link href={{ pathname: "/admin/reports", query: { id: String(id) } }}>{t("openReport", { id })}</Link>
        ) : null}
      </p>
      {undo && id !== undefined ? <ReviewButtons reportId={id} review={undo} status="counted" returnTo={returnTo} /> : null}
    </Notice>
  );
}

"use server";

import { getLocale } from "next-intl/server";
import { requireModerator } from "@/app/[locale]/admin/moderator";
import { reviewComment } from "@/db/moderation/review-comment";
import { voidReport } from "@/db/moderation/void-report";
import { db } from "@/db/runtime";
import { redirect } from "@/i18n/navigation";
import { fieldErrors, formFields, reviewInput, voidInput } from "@/lib/moderation/moderation-input";
import { returnHref } from "@/lib/moderation/return-to";
import { isStorageFailure } from "@/lib/storage-failure";

// The moderation mutations, as server actions: each checks the session on
// the server, validates its fields (zod, the failing field named), makes its
// change and audit entry in one transaction (db/moderation), and sends the
// moderator back where they were with a notice. Next refuses a post whose
// Origin is not this site. Without JavaScript they are plain form posts.

/** Publish or hide a comment (the queue's buttons). */
export async function reviewCommentAction(data: FormData): Promise<void> {
  const locale = await getLocale();
  const moderator = await requireModerator(locale);
  const parsed = reviewInput.safeParse(formFields(data, ["reportId", "state", "returnTo"]));
  if (!parsed.success) {
    const field = Object.keys(fieldErrors(parsed.error))[0] ?? "form";
    return redirect({ href: returnHref(data.get("returnTo"), { notice: `invalid_${field === "reportId" ? "report" : "state"}` }), locale });
  }
  const { reportId, state, returnTo } = parsed.data;
  let notice: string;
  try {
    const result = await reviewComment(db(), { reportId, state, accountId: moderator.accountId });
    notice = result.ok ? (result.changed ? state : `already_${state}`) : result.reason;
  } catch (error) {
    if (!isStorageFailure(error)) throw error;
    notice = "unavailable";
  }
  return redirect({ href: returnHref(returnTo, { notice, report: reportId }), locale });
}

export type VoidState = { status: "idle" } | { status: "invalid"; errors: Record<string, string>; reason: string } | { status: "refused"; code: string; reason: string };

/** Void a counted report with a reason (the report page's form). */
export async function voidReportAction(_previous: VoidState, data: FormData): Promise<VoidState> {
  const locale = await getLocale();
  const moderator = await requireModerator(locale);
  const fields = formFields(data, ["reportId", "reason", "returnTo"]);
  const parsed = voidInput.safeParse(fields);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error), reason: fields.reason ?? "" };
  const { reportId, reason, returnTo } = parsed.data;
  let result;
  try {
    result = await voidReport(db(), { reportId, reason, accountId: moderator.accountId });
  } catch (error) {
    if (!isStorageFailure(error)) throw error;
    return { status: "refused", code: "unavailable", reason };
  }
  if (!result.ok) return { status: "refused", code: result.reason === "not_counted" ? `not_counted_${result.status}` : result.reason, reason };
  return redirect({ href: returnHref(returnTo, { notice: "voided", report: reportId }, "/admin/reports"), locale });
}

import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { writeAudit } from "@/db/moderation/audit";
import { commentReviews, reports } from "@/db/schema";
import { actorOf, type CommentReview, type CommentState } from "@/lib/moderation/vocabulary";

export type ReviewResult =
  | { ok: true; changed: boolean; previous: CommentReview }
  | { ok: false; reason: "not_found" | "no_comment" | "voided" };

/**
 * Publishes or hides a report's comment, and writes the audit entry, in one
 * transaction. Publishing shows the comment on incident pages and in exports
 * (as text); hiding takes it off them again. The report's row is locked
 * first, so two moderators deciding on one comment at once are taken in
 * turn: the second sees the first's decision and, if it is the same, nothing
 * is written twice. A voided report's comment can be hidden but not
 * published. The comment's text is never copied into the audit entry: the
 * entry is public, and a hidden comment must stay unpublished.
 */
export async function reviewComment(db: Db, input: { reportId: number; state: CommentState; accountId: number }): Promise<ReviewResult> {
  return db.transaction(async (tx) => {
    const [report] = await tx
      .select({ hasComment: sql<boolean>`${reports.comment} is not null`, status: reports.status })
      .from(reports)
      .where(eq(reports.id, input.reportId))
      .for("no key update");
    if (!report) return { ok: false, reason: "not_found" };
    if (!report.hasComment) return { ok: false, reason: "no_comment" };
    if (input.state === "published" && report.status === "voided") return { ok: false, reason: "voided" };
    const [review] = await tx.select({ state: commentReviews.state }).from(commentReviews).where(eq(commentReviews.reportId, input.reportId));
    const previous: CommentReview = review?.state ?? "pending";
    if (previous === input.state) return { ok: true, changed: false, previous };
    const decided = { state: input.state, reviewedAt: sql`clock_timestamp()`, reviewedBy: input.accountId };
    await tx
      .insert(commentReviews)
      .values({ reportId: input.reportId, ...decided })
      .onConflictDoUpdate({ target: commentReviews.reportId, set: decided });
    await writeAudit(tx, {
      actor: actorOf(input.accountId),
      action: input.state === "published" ? "publish_comment" : "hide_comment",
      reportId: input.reportId,
      details: { from: previous },
    });
    return { ok: true, changed: true, previous };
  });
}

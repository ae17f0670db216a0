import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { microsOf, olderThan } from "@/db/queries/admin-paging";
import { adminAccounts, commentReviews, reports } from "@/db/schema";
import { encodeCursor, type Cursor } from "@/lib/moderation/cursor";
import type { CommentReview } from "@/lib/moderation/vocabulary";
import type { Connection, Problem, ReportStatus } from "@/lib/reports/vocabulary";

export type QueueItem = {
  reportId: number;
  receivedAt: Date;
  observedAt: Date;
  area: string;
  isp: string;
  service: string;
  connection: Connection;
  problem: Problem;
  status: ReportStatus;
  comment: string;
  review: { state: CommentReview; at: Date; by: string } | null;
};

export type QueuePage = { items: QueueItem[]; next?: string };

export const QUEUE_PAGE_SIZE = 20;

/**
 * Comments by their review: `pending` — reports with a comment no moderator
 * has decided on, newest received first; `published` or `hidden` — by the
 * latest decision, newest first. Keyset paged (lib/moderation/cursor.ts);
 * the lists' sizes are commentCounts().
 */
export async function commentQueue(db: Db, state: CommentReview, cursor?: Cursor, limit = QUEUE_PAGE_SIZE): Promise<QueuePage> {
  const columns = {
    reportId: reports.id,
    receivedAt: reports.receivedAt,
    observedAt: reports.observedAt,
    area: reports.area,
    isp: reports.isp,
    service: reports.service,
    connection: reports.connection,
    problem: reports.problem,
    status: reports.status,
    comment: sql<string>`${reports.comment}`,
  };
  if (state === "pending") {
    // Through the partial index on commented reports, newest first; decided
    // ones are skipped by a primary-key probe each.
    const unreviewed = and(
      sql`${reports.comment} is not null`,
      sql`not exists (select 1 from ${commentReviews} where ${commentReviews.reportId} = ${reports.id})`,
    );
    const rows = await db
      .select({ ...columns, micros: microsOf(reports.receivedAt) })
      .from(reports)
      .where(and(unreviewed, olderThan(reports.receivedAt, reports.id, cursor)))
      .orderBy(desc(reports.receivedAt), desc(reports.id))
      .limit(limit + 1);
    return page(rows.map((r) => ({ ...r, review: null })), limit);
  }
  const rows = await db
    .select({
      ...columns,
      micros: microsOf(commentReviews.reviewedAt),
      reviewState: commentReviews.state,
      reviewedAt: commentReviews.reviewedAt,
      reviewedBy: adminAccounts.username,
    })
    .from(commentReviews)
    .innerJoin(reports, eq(reports.id, commentReviews.reportId))
    .innerJoin(adminAccounts, eq(adminAccounts.id, commentReviews.reviewedBy))
    .where(and(eq(commentReviews.state, state), olderThan(commentReviews.reviewedAt, commentReviews.reportId, cursor)))
    .orderBy(desc(commentReviews.reviewedAt), desc(commentReviews.reportId))
    .limit(limit + 1);
  return page(
    rows.map(({ reviewState, reviewedAt, reviewedBy, ...r }) => ({ ...r, review: { state: reviewState, at: reviewedAt, by: reviewedBy } })),
    limit,
  );
}

function page(rows: (QueueItem & { micros: string })[], limit: number): QueuePage {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ micros: _micros, ...item }) => item),
    next: rows.length > limit && last ? encodeCursor({ micros: last.micros, id: last.reportId }) : undefined,
  };
}

/** How many comments wait, and how many are published or hidden: the tabs' counts. */
export async function commentCounts(db: Db): Promise<Record<CommentReview, number>> {
  const [[pending], decided] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(reports)
      .where(and(sql`${reports.comment} is not null`, sql`not exists (select 1 from ${commentReviews} where ${commentReviews.reportId} = ${reports.id})`)),
    db.select({ state: commentReviews.state, n: sql<number>`count(*)::int` }).from(commentReviews).groupBy(commentReviews.state),
  ]);
  const of = (s: CommentReview) => Number(decided.find((r) => r.state === s)?.n ?? 0);
  return { pending: Number(pending?.n ?? 0), published: of("published"), hidden: of("hidden") };
}

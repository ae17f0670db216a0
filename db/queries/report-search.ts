import "server-only";
import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { microsOf, olderThan } from "@/db/queries/admin-paging";
import { commentReviews, reports } from "@/db/schema";
import { encodeCursor } from "@/lib/moderation/cursor";
import type { CommentReview } from "@/lib/moderation/vocabulary";
import type { ReportSearch } from "@/lib/moderation/report-search-params";
import { expandAreas } from "@/lib/reference";
import type { Connection, Problem, ReportSource, ReportStatus } from "@/lib/reports/vocabulary";

export type FoundReport = {
  id: number;
  receivedAt: Date;
  observedAt: Date;
  area: string;
  isp: string;
  service: string;
  connection: Connection;
  problem: Problem;
  source: ReportSource;
  status: ReportStatus;
  speedKbps: number | null;
  viaVpn: boolean | null;
  comment: string | null;
  /** null when there is no comment. */
  commentReview: CommentReview | null;
};

export const SEARCH_PAGE_SIZE = 25;

const columns = {
  id: reports.id,
  receivedAt: reports.receivedAt,
  observedAt: reports.observedAt,
  area: reports.area,
  isp: reports.isp,
  service: reports.service,
  connection: reports.connection,
  problem: reports.problem,
  source: reports.source,
  status: reports.status,
  speedKbps: reports.speedKbps,
  viaVpn: reports.viaVpn,
  comment: reports.comment,
  review: commentReviews.state,
};

const withReview = (r: { comment: string | null; review: CommentReview | null } & Omit<FoundReport, "commentReview">): FoundReport => {
  const { review, ...rest } = r;
  return { ...rest, commentReview: r.comment === null ? null : (review ?? "pending") };
};

/** One report by number (any status), or undefined. */
export async function findReport(db: Db, id: number): Promise<FoundReport | undefined> {
  const [row] = await db.select(columns).from(reports).leftJoin(commentReviews, eq(commentReviews.reportId, reports.id)).where(eq(reports.id, id));
  return row ? withReview(row) : undefined;
}

/**
 * Reports observed in the search's window with its filters, newest observed
 * first, keyset paged; through the observed_at index, as the export reads.
 */
export async function findReports(db: Db, q: ReportSearch, limit = SEARCH_PAGE_SIZE): Promise<{ items: FoundReport[]; next?: string }> {
  const rows = await db
    .select({ ...columns, micros: microsOf(reports.observedAt) })
    .from(reports)
    .leftJoin(commentReviews, eq(commentReviews.reportId, reports.id))
    .where(
      and(
        gte(reports.observedAt, q.from),
        lt(reports.observedAt, q.to),
        q.area ? inArray(reports.area, expandAreas([q.area])) : undefined,
        q.isp ? eq(reports.isp, q.isp) : undefined,
        q.service ? eq(reports.service, q.service) : undefined,
        q.status ? eq(reports.status, q.status) : undefined,
        olderThan(reports.observedAt, reports.id, q.cursor),
      ),
    )
    .orderBy(desc(reports.observedAt), desc(reports.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ micros: _micros, ...r }) => withReview(r)),
    next: rows.length > limit && last ? encodeCursor({ micros: last.micros, id: last.id }) : undefined,
  };
}

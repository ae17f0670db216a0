import { publishedComments } from "@/db/queries/incidents";
import { db } from "@/db/runtime";
import { ApiError } from "@/lib/errors";
import { csvResponse, csvTable } from "@/lib/export/csv";
import { parseFilters, parseFormat } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";
import { findArea } from "@/lib/reference";

const MAX_COMMENTS = 500;

/**
 * GET /api/v1/comments: published reporters' comments (a moderator let each
 * be read by anyone) of counted reports observed in the window, newest
 * first, with the usual filters; `limit` 1–500 (100); `format=csv|json`.
 * Each comment comes with its report's district, provider, service,
 * connection and problem, never with anything that names its reporter.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const filters = parseFilters(params);
    const format = parseFormat(params);
    const rawLimit = params.get("limit") ?? "100";
    const limit = /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= MAX_COMMENTS)) throw new ApiError(400, "invalid_limit", `limit: a whole number from 1 to ${MAX_COMMENTS}`, "limit");
    const comments = await publishedComments(db(), filters, limit);
    if (format === "json") return json(comments);
    return csvResponse(
      csvTable(
        ["observed_at", "district", "district_name", "isp", "service", "connection", "problem", "comment"],
        comments.map((c) => [c.t, c.area, findArea(c.area)?.nameEn ?? c.area, c.isp, c.service, c.connection, c.problem, c.comment]),
      ),
      `comments-${filters.isps.join("+") || "all"}-${filters.from.toISOString().slice(0, 13)}.csv`,
    );
  } catch (error) {
    return errorResponse(error);
  }
}

import { areaHoursCsv } from "@/db/queries/area-hours";
import * as cached from "@/db/queries/cached";
import { env } from "@/lib/env";
import { csvResponse } from "@/lib/export/csv";
import { ApiError } from "@/lib/errors";
import { parseFilters, parseFormat } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";

/** GET /api/v1/area-hours: counted reports per district × hour (bucket=1h, default) or day; format=csv|json. */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const filters = parseFilters(params);
    const bucket = params.get("bucket") ?? "1h";
    if (bucket !== "1h" && bucket !== "1d") throw new ApiError(400, "unknown_value", "bucket: must be 1h or 1d", "bucket");
    if (bucket === "1h" && filters.to.getTime() - filters.from.getTime() > 31 * 86_400_000) {
      throw new ApiError(400, "too_many_points", "bucket: 1h covers at most 31 days; use 1d", "bucket");
    }
    const format = parseFormat(params);
    const timeZone = env().DISPLAY_TIME_ZONE;
    const table = await cached.areaHours(filters, bucket, timeZone);
    if (format === "json") return json(table);
    const name = `area-${bucket === "1h" ? "hours" : "days"}-${filters.isps.join("+") || "all"}-${filters.from.toISOString().slice(0, 13)}.csv`;
    return csvResponse(areaHoursCsv(table), name);
  } catch (error) {
    return errorResponse(error);
  }
}

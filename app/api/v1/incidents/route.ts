import * as cached from "@/db/queries/cached";
import { incidentsCsv, incidentsTouching } from "@/db/queries/isp-desk";
import { db } from "@/db/runtime";
import { ApiError } from "@/lib/errors";
import { csvResponse } from "@/lib/export/csv";
import { parseFilters, parseFormat } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";
import { findIsp } from "@/lib/reference";

/**
 * GET /api/v1/incidents: incidents overlapping the window, newest first.
 * `touching=<isp>` instead lists those that touch the provider's network
 * (a scope names it, or none names any provider), ongoing first: an ISP
 * desk's list. `format=csv` answers the same list as CSV.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const filters = parseFilters(params);
    const format = parseFormat(params);
    const touching = params.get("touching");
    if (touching !== null && !findIsp(touching)) throw new ApiError(400, "unknown_value", `touching: unknown provider "${touching.slice(0, 60)}"`, "touching");
    const list = touching ? await incidentsTouching(db(), touching, filters) : await cached.incidents(filters);
    if (format === "json") return json(list);
    return csvResponse(incidentsCsv(list), `incidents-${touching ?? (filters.isps.join("+") || "all")}-${filters.from.toISOString().slice(0, 13)}.csv`);
  } catch (error) {
    return errorResponse(error);
  }
}

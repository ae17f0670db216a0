import * as cached from "@/db/queries/cached";
import { MAP_LEVELS, type MapLevel } from "@/db/queries/map";
import { ApiError } from "@/lib/errors";
import { parseFilters } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";

export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const filters = parseFilters(params);
    const level = parseLevel(params.get("level"));
    return json(level === "points" ? await cached.mapCells(filters) : await cached.mapAreas(filters, level));
  } catch (error) {
    return errorResponse(error);
  }
}

function parseLevel(raw: string | null): MapLevel {
  if (raw === null || raw === "") return "district";
  if (!(MAP_LEVELS as readonly string[]).includes(raw)) {
    throw new ApiError(400, "unknown_value", `level: must be one of ${MAP_LEVELS.join(", ")}`, "level");
  }
  return raw as MapLevel;
}

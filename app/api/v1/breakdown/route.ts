import * as cached from "@/db/queries/cached";
import { parseDimension, parseFilters } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";

export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const filters = parseFilters(params);
    const dimension = parseDimension(params, "dimension", true)!;
    return json(await cached.breakdown(filters, dimension));
  } catch (error) {
    return errorResponse(error);
  }
}

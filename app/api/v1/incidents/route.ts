import * as cached from "@/db/queries/cached";
import { parseFilters } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";

export async function GET(request: Request): Promise<Response> {
  try {
    return json(await cached.incidents(parseFilters(new URL(request.url).searchParams)));
  } catch (error) {
    return errorResponse(error);
  }
}

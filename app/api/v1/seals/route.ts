import { db } from "@/db/runtime";
import { listSeals } from "@/db/queries/seals";
import { ApiError } from "@/lib/errors";
import { instant } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";

/**
 * GET /api/v1/seals: the hourly seals, oldest first (API.md). Without `from`
 * and `to` every seal, so an archive can take the whole chain; 24 a day.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const range = { from: instant(params, "from"), to: instant(params, "to") };
    if (range.from && range.to && range.from >= range.to) throw new ApiError(400, "invalid_window", "from: must be earlier than to", "from");
    return json(await listSeals(db(), range));
  } catch (error) {
    return errorResponse(error);
  }
}


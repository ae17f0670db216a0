import * as cached from "@/db/queries/cached";
import { ApiError } from "@/lib/errors";
import { env } from "@/lib/env";
import { errorResponse, json } from "@/lib/http/respond";
import { parseIncidentId } from "@/lib/detection/incident-id";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const id = parseIncidentId((await params).id);
    const incident = await cached.incident(id, env().DISPLAY_TIME_ZONE);
    if (!incident) throw new ApiError(404, "not_found", `id: no incident ${id}`, "id");
    return json(incident);
  } catch (error) {
    return errorResponse(error);
  }
}

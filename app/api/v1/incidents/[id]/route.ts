import * as cached from "@/db/queries/cached";
import { incidentImpact } from "@/db/queries/impact";
import { ApiError } from "@/lib/errors";
import { env } from "@/lib/env";
import { errorResponse, json } from "@/lib/http/respond";
import { parseIncidentId } from "@/lib/detection/incident-id";
import { parseImpactQuery } from "@/lib/impact/what-if";

/**
 * GET /api/v1/incidents/{id}: the incident, its figures and timeline, and
 * `impact`, its economic-impact estimate (docs/impact.md), or null with
 * `impactUnavailable` when an area of it has no published economic share.
 * `inputs=<version>` and the what-if terms (lossRate, areaShare, …) change
 * the estimate as on the incident page.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const id = parseIncidentId((await params).id);
    const query = parseImpactQuery(new URL(request.url).searchParams);
    const incident = await cached.incident(id, env().DISPLAY_TIME_ZONE);
    if (!incident) throw new ApiError(404, "not_found", `id: no incident ${id}`, "id");
    const estimate = await incidentImpact(incident, query.inputs, query.whatIf);
    if (!estimate.ok) return json({ ...incident, impact: null, impactUnavailable: { reason: estimate.reason, areas: estimate.areas, inputsVersion: estimate.inputsVersion } });
    const { areas: _areas, ...impact } = estimate.impact;
    return json({ ...incident, impact });
  } catch (error) {
    return errorResponse(error);
  }
}

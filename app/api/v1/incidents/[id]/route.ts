import * as cached from "@/db/queries/cached";
import { incidentImpact } from "@/db/queries/impact";
import { db } from "@/db/runtime";
import { mergedInto, statementsOf } from "@/db/statements/statements-of";
import { ApiError } from "@/lib/errors";
import { env } from "@/lib/env";
import { errorResponse, json } from "@/lib/http/respond";
import { parseIncidentId } from "@/lib/detection/incident-id";
import { parseImpactQuery } from "@/lib/impact/what-if";
import { toPublicStatement } from "@/lib/statements/thread";

/**
 * GET /api/v1/incidents/{id}: the incident, its figures and timeline, and
 * `impact`, its economic-impact estimate (docs/impact.md), or null with
 * `impactUnavailable` when an area of it has no published economic share.
 * `inputs=<version>` and the what-if terms (lossRate, areaShare, …) change
 * the estimate as on the incident page. `statements`: the providers' own
 * accounts of it (right of reply), each with its versions; a hidden one
 * keeps who and when and the moderator's reason, not its words.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const id = parseIncidentId((await params).id);
    const query = parseImpactQuery(new URL(request.url).searchParams);
    const incident = await cached.incident(id, env().DISPLAY_TIME_ZONE);
    if (!incident) {
      // Merged into another incident: that one answers for it (its statements came with it).
      const into = await mergedInto(db(), id);
      if (into !== undefined) return new Response(null, { status: 308, headers: { Location: `/api/v1/incidents/${into}${new URL(request.url).search}` } });
      throw new ApiError(404, "not_found", `id: no incident ${id}`, "id");
    }
    const [estimate, statements] = await Promise.all([incidentImpact(incident, query.inputs, query.whatIf), statementsOf(db(), id)]);
    const withStatements = { ...incident, statements: statements.map(toPublicStatement) };
    if (!estimate.ok) return json({ ...withStatements, impact: null, impactUnavailable: { reason: estimate.reason, areas: estimate.areas, inputsVersion: estimate.inputsVersion } });
    const { areas: _areas, ...impact } = estimate.impact;
    return json({ ...withStatements, impact });
  } catch (error) {
    return errorResponse(error);
  }
}

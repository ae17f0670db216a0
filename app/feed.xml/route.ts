import { listIncidents } from "@/db/queries/incidents";
import { db } from "@/db/runtime";
import { statementsOfIncidents } from "@/db/statements/statements-of";
import { incidentFeed } from "@/lib/detection/incident-feed";
import { scopeName } from "@/lib/detection/scope-names";
import { parseFilters, windowEnd } from "@/lib/filters";
import { errorResponse } from "@/lib/http/respond";
import { siteOrigin } from "@/lib/http/site-origin";
import { formatIncidentSummary } from "@/lib/detection/incident-text";
import { findIsp } from "@/lib/reference";
import { statementsFeedHtml, statementsUpdated } from "@/lib/statements/statement-feed";

const FEED_WINDOW_MS = 30 * 86_400_000;

/**
 * GET /feed.xml — the incidents of the last 30 days (the usual filters narrow
 * it), newest first. An incident a provider has answered carries its
 * statements in the entry's content, and the entry counts as updated when a
 * statement is posted, edited or hidden, so feed readers show it again.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const params = new URLSearchParams(url.searchParams);
    const now = windowEnd();
    if (!params.get("from")) params.set("from", new Date((params.get("to") ? Date.parse(params.get("to")!) : now.getTime()) - FEED_WINDOW_MS).toISOString());
    const incidents = await listIncidents(db(), parseFilters(params, now), 100);
    const statements = await statementsOfIncidents(
      db(),
      incidents.map((i) => i.id),
    );
    const ispName = (slug: string) => findIsp(slug)?.nameEn ?? slug;
    const body = incidentFeed({
      siteUrl: siteOrigin(request),
      title: "Disruption Watch — incidents",
      subtitle: "Internet disruptions detected from crowd reports, against the usual level of reports",
      now,
      incidents: incidents.map((i) => ({
        id: i.id,
        title: `${scopeName(i.primary, "en")}: ${i.status === "ongoing" ? "ongoing disruption" : "disruption"} from ${i.start.slice(0, 16).replace("T", " ")} UTC`,
        summary: formatIncidentSummary(i),
        content: statements.has(i.id) ? statementsFeedHtml(formatIncidentSummary(i), statements.get(i.id)!, ispName) : undefined,
        start: new Date(i.start),
        updated: new Date(Math.max(new Date(i.updatedAt).getTime(), statementsUpdated(statements.get(i.id) ?? [])?.getTime() ?? 0)),
      })),
    });
    return new Response(body, { headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "public, max-age=60" } });
  } catch (error) {
    return errorResponse(error);
  }
}

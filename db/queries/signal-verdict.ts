import "server-only";
import * as cached from "@/db/queries/cached";
import type { IncidentSummary } from "@/db/queries/incidents";
import { BASELINE_DAYS, incidentEntities, verdictFor, type Verdict } from "@/lib/signals/verdict";

/** The signals an incident is judged by (lib/signals/verdict.ts): its networks', provinces' and the country's, from a week before it to its end. */
export async function incidentVerdict(incident: IncidentSummary, now = new Date()): Promise<Verdict> {
  const start = Date.parse(incident.start);
  const end = incident.end ? Date.parse(incident.end) : Math.max(start + incident.durationMinutes * 60_000, Math.min(now.getTime(), start + 86_400_000));
  const rows = await cached.signals({ from: new Date(start - BASELINE_DAYS * 86_400_000), to: new Date(end), entities: incidentEntities(incident.scopes) });
  return verdictFor({ start, end, scopes: incident.scopes }, rows);
}

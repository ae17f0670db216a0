import "server-only";
import * as cached from "@/db/queries/cached";
import type { IncidentSummary } from "@/db/queries/incidents";
import { incidentFilters } from "@/lib/detection/incident-window";
import { estimateImpact, impactCaseOf, type ImpactResult, type WhatIf } from "@/lib/impact/estimate";
import type { ImpactInputs, Range } from "@/lib/impact/inputs";
import { totalImpact, type TimedImpact } from "@/lib/impact/totals";
import type { Filters } from "@/lib/filters";

// The economic-impact estimate of an incident (lib/impact), from the same
// cached reads as its page: the connection and problem breakdowns over the
// incident, and its reports against typical as the detection job stored
// them (the same figures on its page, in the API and in every total).

export async function incidentImpact(
  incident: IncidentSummary,
  inputs: ImpactInputs,
  whatIf: WhatIf = {},
  now = new Date(),
): Promise<ImpactResult> {
  const inner = incidentFilters(incident.primary, new Date(incident.start), incident.end ? new Date(incident.end) : null, now);
  const [connections, problems] = await Promise.all([cached.breakdown(inner, "connection"), cached.breakdown(inner, "problem")]);
  return estimateImpact(impactCaseOf(incident, incident, connections, problems), inputs, whatIf);
}

export type ImpactTotal = Range & {
  inputsVersion: string;
  /** Incidents in the window with an estimate, and those counted in the total (the rest lay inside a heavier one). */
  estimated: number;
  counted: number;
  /** Incidents with no estimate (an area with no published share). */
  unestimated: number;
};

/** The estimates of the incidents overlapping the window, totalled without counting an area twice (lib/impact/totals.ts). */
export async function impactTotal(filters: Filters, inputs: ImpactInputs, now = new Date()): Promise<ImpactTotal> {
  const incidents = await cached.incidents(filters);
  // The incidents' breakdowns go out together (PostgreSQL's pool runs them at once; all are shared through the read cache).
  const results = await Promise.all(incidents.map((incident) => incidentImpact(incident, inputs, {}, now)));
  const timed: TimedImpact[] = [];
  let unestimated = 0;
  incidents.forEach((incident, i) => {
    const result = results[i]!;
    if (!result.ok) {
      unestimated++;
      return;
    }
    const start = new Date(incident.start).getTime();
    timed.push({ id: incident.id, start, end: start + incident.durationMinutes * 60_000, areas: result.impact.areas, impact: result.impact });
  });
  const total = totalImpact(timed, filters.from.getTime(), filters.to.getTime());
  return { low: total.low, central: total.central, high: total.high, counted: total.incidents, estimated: timed.length, unestimated, inputsVersion: inputs.version };
}

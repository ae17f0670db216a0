import { scopeFilters, type Scope } from "@/lib/detection/scopes";
import type { Filters } from "@/lib/filters";
import type { Bucket } from "@/lib/reports/buckets";

/*
 * What an incident page reads: its figures over the incident itself
 * [start, end or now), and its timeline with two hours either side so the
 * rise and the fall show against the normal level. Both through the same
 * filters /api/v1/timeline and /api/v1/breakdown take, so every figure can
 * be checked against the API.
 */
const CONTEXT_MS = 2 * 3600_000;

export function incidentFilters(scope: Scope, start: Date, end: Date | null, now: Date): Filters {
  const to = end ?? new Date(Math.max(now.getTime(), start.getTime() + 5 * 60_000));
  return { from: start, to, ...scopeFilters(scope) };
}

export function incidentTimelineFilters(scope: Scope, start: Date, end: Date | null, now: Date): { filters: Filters; bucket: Bucket } {
  const inner = incidentFilters(scope, start, end, now);
  const from = new Date(start.getTime() - CONTEXT_MS);
  const to = new Date(Math.min(now.getTime(), inner.to.getTime() + CONTEXT_MS));
  const span = to.getTime() - from.getTime();
  return { filters: { ...inner, from, to: to > inner.to ? to : inner.to }, bucket: span <= 12 * 3600_000 ? "5m" : span <= 10 * 86_400_000 ? "1h" : "1d" };
}

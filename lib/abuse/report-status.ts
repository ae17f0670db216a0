import { FLOOD_WINDOW_MS, type AbuseLimits } from "@/lib/abuse/limits";
import type { ReportStatus } from "@/lib/reports/vocabulary";

// The counting rules, as a pure function of what one batch brings and what
// the same client keys had counted before. Every report is stored; only its
// status changes. Decided in arrival order, so the same inputs always give
// the same statuses, whichever instance runs the batch.

export type Arrival = { clientKey: string; area: string; service: string; receivedAt: Date };
/** An earlier counted report of one of the batch's keys (within the look-back). */
export type Counted = Arrival;

export type JudgedStatus = Extract<ReportStatus, "counted" | "duplicate" | "rate_limited">;

export function judgeReports(arrivals: readonly Arrival[], earlier: readonly Counted[], limits: AbuseLimits): JudgedStatus[] {
  const byKey = new Map<string, Counted[]>();
  for (const c of earlier) {
    const list = byKey.get(c.clientKey);
    if (list) list.push(c);
    else byKey.set(c.clientKey, [c]);
  }
  return arrivals.map((a) => {
    const history = byKey.get(a.clientKey) ?? [];
    const t = a.receivedAt.getTime();
    const within = (c: Counted, ms: number) => t - c.receivedAt.getTime() < ms;
    if (history.some((c) => c.area === a.area && c.service === a.service && within(c, limits.duplicateWindowMs))) return "duplicate";
    const lastHour = history.filter((c) => within(c, FLOOD_WINDOW_MS));
    if (lastHour.length >= limits.floodPerHour) return "rate_limited";
    if (lastHour.filter((c) => c.service === a.service).length >= limits.floodPerServiceHour) return "rate_limited";
    history.push(a);
    byKey.set(a.clientKey, history);
    return "counted";
  });
}

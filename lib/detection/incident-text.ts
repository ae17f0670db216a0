import { scopeName } from "@/lib/detection/scope-names";
import type { Scope } from "@/lib/detection/scopes";

/** One line in English for the feed: the figures and the linked scopes. */
export function formatIncidentSummary(i: {
  status: "ongoing" | "closed";
  start: string;
  end: string | null;
  durationMinutes: number;
  reports: number;
  expected: number;
  peak: { count: number; expected: number };
  scopes: Scope[];
}): string {
  const others = [...new Set(i.scopes.slice(1).map((s) => scopeName(s, "en")))];
  const when = i.end ? `${i.start} to ${i.end} (${i.durationMinutes} min)` : `since ${i.start} (ongoing)`;
  return [
    `${when}.`,
    `${i.reports} reports where about ${Math.round(i.expected)} are typical; busiest 5 minutes: ${i.peak.count} (typical ${i.peak.expected}).`,
    others.length ? `Also seen in: ${others.join(", ")}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

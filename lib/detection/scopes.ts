import type { Filters } from "@/lib/filters";
import { provinceOf } from "@/lib/reference";

/*
 * What an incident is about. Detection watches every service, every ISP,
 * every province, every district, every service on one ISP and every ISP in
 * one district; an event usually shows in several at once (WhatsApp, Zong,
 * WhatsApp on Zong, Sindh), which lib/detection/linking.ts joins into one
 * incident.
 */
export const SCOPE_KINDS = ["service", "isp", "province", "district", "service-isp", "district-isp"] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export type Scope = { kind: ScopeKind; key: string };
type Parts = { service?: string; isp?: string; area?: string };

/** The dimensions a scope pins: "service-isp" keys are "service|isp", "district-isp" keys "district|isp". */
export function scopeParts(scope: Scope): Parts {
  switch (scope.kind) {
    case "service":
      return { service: scope.key };
    case "isp":
      return { isp: scope.key };
    case "province":
    case "district":
      return { area: scope.key };
    case "service-isp": {
      const [service, isp] = scope.key.split("|");
      return { service, isp };
    }
    case "district-isp": {
      const [area, isp] = scope.key.split("|");
      return { area, isp };
    }
  }
}

/** The read filters of a scope (what /api/v1/timeline takes for it). */
export function scopeFilters(scope: Scope): Pick<Filters, "areas" | "isps" | "services" | "connections" | "problems"> {
  const p = scopeParts(scope);
  return { areas: p.area ? [p.area] : [], isps: p.isp ? [p.isp] : [], services: p.service ? [p.service] : [], connections: [], problems: [] };
}

/** Whether every report of area `inner` is one of area `outer` (the same, or a district of that province). */
const areaWithin = (inner: string, outer: string) => inner === outer || provinceOf(inner)?.slug === outer;

/** Whether a report (or every report of a narrower scope) with these parts counts in the scope: each dimension the scope pins, the parts match. */
export function scopeHolds(scope: Scope, parts: Parts): boolean {
  const p = scopeParts(scope);
  if (p.area !== undefined && (parts.area === undefined || !areaWithin(parts.area, p.area))) return false;
  return (["service", "isp"] as const).every((d) => p[d] === undefined || parts[d] === p[d]);
}

/** Whether every report of `inner` is also one of `outer`: WhatsApp on Zong within Zong, Lahore within Punjab. */
export const scopeWithin = (inner: Scope, outer: Scope): boolean => scopeHolds(outer, scopeParts(inner));

export const scopeId = (s: Scope) => `${s.kind}:${s.key}`;

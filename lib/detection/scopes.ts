import type { Filters } from "@/lib/filters";

/*
 * What an incident is about. Detection watches every service, every ISP,
 * every province and every service on one ISP; an event usually shows in
 * several at once (WhatsApp, Zong, WhatsApp on Zong, Sindh), which
 * lib/detection/linking.ts joins into one incident.
 */
export const SCOPE_KINDS = ["service", "isp", "province", "service-isp"] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export type Scope = { kind: ScopeKind; key: string };
type Parts = { service?: string; isp?: string; area?: string };

/** The dimensions a scope pins: "service-isp" keys are "service|isp". */
export function scopeParts(scope: Scope): Parts {
  switch (scope.kind) {
    case "service":
      return { service: scope.key };
    case "isp":
      return { isp: scope.key };
    case "province":
      return { area: scope.key };
    case "service-isp": {
      const [service, isp] = scope.key.split("|");
      return { service, isp };
    }
  }
}

/** The read filters of a scope (what /api/v1/timeline takes for it). */
export function scopeFilters(scope: Scope): Pick<Filters, "areas" | "isps" | "services" | "connections" | "problems"> {
  const p = scopeParts(scope);
  return { areas: p.area ? [p.area] : [], isps: p.isp ? [p.isp] : [], services: p.service ? [p.service] : [], connections: [], problems: [] };
}

/**
 * Whether some report can belong to both scopes: they pin no dimension to
 * two different values (WhatsApp and Zong: yes; WhatsApp on Zong and
 * WhatsApp on Jazz: no; Sindh and anything without an area: yes).
 */
export function scopesIntersect(a: Scope, b: Scope): boolean {
  const pa = scopeParts(a);
  const pb = scopeParts(b);
  return (["service", "isp", "area"] as const).every((d) => pa[d] === undefined || pb[d] === undefined || pa[d] === pb[d]);
}

export const scopeId = (s: Scope) => `${s.kind}:${s.key}`;

import { z } from "zod";
import { scopeParts, type Scope } from "@/lib/detection/scopes";
import { findArea, findIsp, findService, provinceOf } from "@/lib/reference";

// What a subscription follows: services, providers, areas (a province or a
// district), any combination; an empty list means any. An incident matches
// when, for every list that names something, the incident touches one of
// them — and an incident seen in no scope of a dimension (a nationwide
// WhatsApp failure names no area) touches every value of it.

export const MAX_FOLLOWS = 20;
const slugs = (known: (s: string) => boolean, code: string) => z.array(z.string().trim().toLowerCase().refine(known, code)).max(MAX_FOLLOWS, "too_many").default([]);

export const followsSchema = z.object({
  services: slugs((s) => !!findService(s), "unknown_service"),
  isps: slugs((s) => !!findIsp(s), "unknown_isp"),
  areas: slugs((s) => !!findArea(s), "unknown_area"),
});
export type Follows = z.infer<typeof followsSchema>;

export function incidentMatches(follows: Follows, scopes: readonly Pick<Scope, "kind" | "key">[]): boolean {
  const services = new Set<string>();
  const isps = new Set<string>();
  const areas = new Set<string>();
  for (const s of scopes) {
    const p = scopeParts(s as Scope);
    if (p.service) services.add(p.service);
    if (p.isp) isps.add(p.isp);
    if (p.area) areas.add(p.area);
  }
  const touches = (wanted: string[], seen: Set<string>, same: (a: string, b: string) => boolean) =>
    wanted.length === 0 || seen.size === 0 || wanted.some((w) => [...seen].some((s) => same(w, s)));
  const sameArea = (a: string, b: string) => a === b || provinceOf(a)?.slug === b || provinceOf(b)?.slug === a;
  return touches(follows.services, services, (a, b) => a === b) && touches(follows.isps, isps, (a, b) => a === b) && touches(follows.areas, areas, sameArea);
}

/** The follows in a URL's parameters (service=…&isp=…&area=…, repeatable or comma-separated), unknown slugs dropped: a form's starting point. */
export function followsFromParams(params: URLSearchParams): Follows {
  const list = (name: string) => params.getAll(name).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  return {
    services: list("service").filter((s) => findService(s)),
    isps: list("isp").filter((s) => findIsp(s)),
    areas: list("area").filter((s) => findArea(s)),
  };
}

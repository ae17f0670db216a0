import areasJson from "@/reference/areas.json";
import ispsJson from "@/reference/isps.json";
import placesJson from "@/reference/places.json";
import servicesJson from "@/reference/services.json";

// Reference data ships with the app (reference/*.json, built from shared
// sources by scripts/build-reference.mjs). Validation reads it from memory so
// the report path needs no lookup query; the database holds a copy for joins.

export type Area = {
  slug: string;
  code: string;
  level: "province" | "district";
  parent: string | null;
  nameEn: string;
  nameUr: string;
  lat: number;
  lon: number;
};
export type Isp = {
  slug: string;
  nameEn: string;
  nameUr: string;
  legalName: string | null;
  kind: "mobile" | "fixed" | "both" | "education";
  asns: number[];
};
export type Service = {
  slug: string;
  nameEn: string;
  nameUr: string;
  category: string;
  domains: string[];
};
export type Place = {
  id: number;
  nameEn: string;
  nameUr: string;
  area: string;
  lat: number;
  lon: number;
  population: number | null;
};

export const AREAS = areasJson as Area[];
export const ISPS = ispsJson as Isp[];
export const SERVICES = servicesJson as Service[];
export const PLACES = placesJson as Place[];

const areaBySlug = new Map(AREAS.map((a) => [a.slug, a]));
const ispBySlug = new Map(ISPS.map((i) => [i.slug, i]));
const serviceBySlug = new Map(SERVICES.map((s) => [s.slug, s]));

export const PROVINCES = AREAS.filter((a) => a.level === "province");
export const DISTRICTS = AREAS.filter((a) => a.level === "district");

export const findArea = (slug: string) => areaBySlug.get(slug);
export const findIsp = (slug: string) => ispBySlug.get(slug);
export const findService = (slug: string) => serviceBySlug.get(slug);

export function isDistrict(slug: string): boolean {
  return areaBySlug.get(slug)?.level === "district";
}

/** The province a district belongs to (a province is its own). */
export function provinceOf(slug: string): Area | undefined {
  const area = areaBySlug.get(slug);
  if (!area) return undefined;
  return area.level === "province" ? area : areaBySlug.get(area.parent ?? "");
}

/** District slugs covered by a list of area slugs: a province means all its districts. */
export function expandAreas(slugs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const slug of slugs) {
    const area = areaBySlug.get(slug);
    if (!area) continue;
    if (area.level === "district") out.add(slug);
    else for (const d of DISTRICTS) if (d.parent === slug) out.add(d.slug);
  }
  return [...out];
}

export type Locale = "en" | "ur";
export const localName = (item: { nameEn: string; nameUr: string }, locale: string) =>
  locale === "ur" ? item.nameUr : item.nameEn;

import { findArea, findIsp, ISPS, localName, provinceOf } from "@/lib/reference";

// What a measured signal is about, in the sources' own terms: the country,
// a network (its ASNs, reference/isps.json) or a province (IODA's Natural
// Earth admin-1 ids; OONI has no province, Cloudflare's GeoNames ids are not
// yet confirmed). Districts are corroborated by their province.

export const COUNTRY_ENTITY = "country:PK";

/**
 * IODA region ids of Pakistan's provinces: Natural Earth admin-1 ids from
 * CAIDA/ioda-geo-polygons v3 (corroboration notes §0.2). To be confirmed live:
 * the server now serves ne_10m_admin_1 v5.1.1, so check with GET
 * /v2/entities/query?entityType=region&relatedTo=country/PK. 3086 (F.A.T.A.,
 * merged into Khyber Pakhtunkhwa in 2018) is not asked for.
 */
export const IODA_REGIONS: Record<string, number> = {
  balochistan: 3082,
  "azad-kashmir": 3083,
  "islamabad-capital-territory": 3084,
  "gilgit-baltistan": 3085,
  punjab: 3087,
  sindh: 3088,
  "khyber-pakhtunkhwa": 3089,
};

/** Every ASN of the reference providers, with its provider. */
export const PROVIDER_ASNS: { isp: string; asn: number }[] = ISPS.flatMap((i) => i.asns.map((asn) => ({ isp: i.slug, asn })));

export const asnEntity = (asn: number) => `asn:${asn}`;
export const regionEntity = (id: number) => `region:${id}`;

/** The entities that speak for these providers and areas: their ASNs, their provinces' regions, and always the country. */
export function entitiesFor(f: { isps: readonly string[]; areas: readonly string[] }): string[] {
  const out = new Set<string>([COUNTRY_ENTITY]);
  for (const slug of f.isps) for (const asn of findIsp(slug)?.asns ?? []) out.add(asnEntity(asn));
  for (const slug of f.areas) {
    const province = provinceOf(slug)?.slug;
    const id = province ? IODA_REGIONS[province] : undefined;
    if (id) out.add(regionEntity(id));
  }
  return [...out];
}

/** A reader's name for an entity: "AS59257 (Zong)", "Punjab", "Pakistan". */
export function entityLabel(entity: string, names: { isp: (slug: string) => string; area: (slug: string) => string; country: string }): string {
  const [kind, id] = entity.split(":") as [string, string];
  if (kind === "country") return names.country;
  if (kind === "asn") {
    const isp = PROVIDER_ASNS.find((p) => p.asn === Number(id))?.isp;
    return isp ? `AS${id} (${names.isp(isp)})` : `AS${id}`;
  }
  if (kind === "region") {
    const slug = Object.entries(IODA_REGIONS).find(([, n]) => n === Number(id))?.[0];
    return slug ? names.area(slug) : entity;
  }
  return entity;
}

/** entityLabel with the providers' and provinces' names in the page's language. */
export const localEntityLabel = (entity: string, locale: string, country: string) =>
  entityLabel(entity, {
    isp: (slug) => (findIsp(slug) ? localName(findIsp(slug)!, locale) : slug),
    area: (slug) => (findArea(slug) ? localName(findArea(slug)!, locale) : slug),
    country,
  });

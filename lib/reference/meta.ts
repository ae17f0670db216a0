import { DISTRICTS, ISPS, PROVINCES, SERVICES } from "@/lib/reference";
import { CONNECTIONS, PROBLEMS } from "@/lib/reports/vocabulary";
import { vocabularyName } from "@/lib/reports/vocabulary-names";

/** GET /api/v1/meta: every list a client needs to build a report, in English and Urdu. */
export function getMeta() {
  return {
    areas: PROVINCES.map((p) => ({
      slug: p.slug,
      code: p.code,
      level: p.level,
      nameEn: p.nameEn,
      nameUr: p.nameUr,
      lat: p.lat,
      lon: p.lon,
      districts: DISTRICTS.filter((d) => d.parent === p.slug).map((d) => ({
        slug: d.slug,
        code: d.code,
        level: d.level,
        nameEn: d.nameEn,
        nameUr: d.nameUr,
        lat: d.lat,
        lon: d.lon,
      })),
    })),
    isps: ISPS.map(({ slug, nameEn, nameUr, kind, asns }) => ({ slug, nameEn, nameUr, kind, asns })),
    services: SERVICES.map(({ slug, nameEn, nameUr, category }) => ({ slug, nameEn, nameUr, category })),
    connections: CONNECTIONS.map((slug) => ({ slug, ...vocabularyName("connection", slug) })),
    problems: PROBLEMS.map((slug) => ({ slug, ...vocabularyName("problem", slug) })),
  };
}

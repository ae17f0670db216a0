import { DISTRICTS, findArea, localName, provinceOf } from "@/lib/reference";
import { placeOptions } from "@/lib/reference/places";

// What the report form's place box offers, in one language, as compact as
// it can travel: GET /api/v1/places/<locale>, fetched by the form after it
// has hydrated (and kept by the service worker for offline use) rather than
// written into the report page, where React would carry it twice (HTML and
// payload) on the first load a reporter on a bad connection waits for.

export type PlaceTuple = readonly [label: string, area: string, lat: number, lon: number];
export type PlaceList = { places: PlaceTuple[]; districts: Record<string, string> };

const round2 = (x: number) => Math.round(x * 100) / 100;
const cache = new Map<string, PlaceList>();

export function placeList(locale: string): PlaceList {
  const hit = cache.get(locale);
  if (hit) return hit;
  const list: PlaceList = {
    // Two decimals (~1 km) are plenty to find the nearest place.
    places: placeOptions(locale).map((p) => [p.label, p.area, round2(p.lat), round2(p.lon)] as const),
    districts: Object.fromEntries(DISTRICTS.map((d) => [d.slug, districtName(d.slug, locale)])),
  };
  cache.set(locale, list);
  return list;
}

/** "District, Province" in the language of the page. */
function districtName(slug: string, locale: string): string {
  const district = findArea(slug);
  const province = provinceOf(slug);
  if (!district || !province) return slug;
  return `${localName(district, locale)}${locale === "ur" ? "، " : ", "}${localName(province, locale)}`;
}

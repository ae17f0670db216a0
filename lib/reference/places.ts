import { DISTRICTS, PLACES, findArea, localName, provinceOf } from "@/lib/reference";

// The gazetteer behind "type your city or town": every place and every
// district gets one label per language; the report form offers the labels and
// the server maps whichever label (or bare name) comes back to a district.

export type PlaceOption = { label: string; area: string; lat: number; lon: number };

function labelFor(name: string, districtSlug: string, locale: string): string {
  const district = findArea(districtSlug);
  const province = provinceOf(districtSlug);
  if (!district || !province) return name;
  const sep = locale === "ur" ? "، " : ", ";
  const districtName = localName(district, locale);
  const where =
    districtName === name
      ? localName(province, locale)
      : `${districtName}${sep}${localName(province, locale)}`;
  return `${name} (${where})`;
}

const cache = new Map<string, PlaceOption[]>();

/** Every label a reporter can pick, places first by population, then districts. */
export function placeOptions(locale: string): PlaceOption[] {
  const hit = cache.get(locale);
  if (hit) return hit;
  const seen = new Set<string>();
  const options: PlaceOption[] = [];
  const add = (o: PlaceOption) => {
    if (seen.has(o.label)) return;
    seen.add(o.label);
    options.push(o);
  };
  for (const p of PLACES) {
    add({ label: labelFor(localName(p, locale), p.area, locale), area: p.area, lat: p.lat, lon: p.lon });
  }
  for (const d of DISTRICTS) {
    add({ label: labelFor(localName(d, locale), d.slug, locale), area: d.slug, lat: d.lat, lon: d.lon });
  }
  cache.set(locale, options);
  return options;
}

const normalise = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u064B-\u065F]/g, "") // Arabic-script diacritics
    .replace(/[.,،()\-]/g, " ")
    .replace(/\s+/g, " ")
    .trim();

let index: Map<string, Set<string>> | undefined;

function buildIndex(): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  const put = (key: string, area: string) => {
    const k = normalise(key);
    if (!k) return;
    const set = map.get(k) ?? new Set<string>();
    set.add(area);
    map.set(k, set);
  };
  for (const locale of ["en", "ur"]) for (const o of placeOptions(locale)) put(o.label, o.area);
  for (const p of PLACES) {
    put(p.nameEn, p.area);
    put(p.nameUr, p.area);
  }
  for (const d of DISTRICTS) {
    put(d.nameEn, d.slug);
    put(d.nameUr, d.slug);
    put(d.slug, d.slug);
  }
  return map;
}

export type PlaceMatch = { kind: "found"; area: string } | { kind: "ambiguous"; areas: string[] } | { kind: "none" };

/** Maps what a reporter typed to a district: a label, a place or a district name. */
export function resolvePlace(text: string): PlaceMatch {
  index ??= buildIndex();
  const key = normalise(text);
  const areas = index.get(key);
  if (!areas || areas.size === 0) return { kind: "none" };
  if (areas.size > 1) {
    // "Sahiwal" is a district and a town in another district: the bare name
    // of a district means the district (and its seat, which carries its name).
    const district = DISTRICTS.find((d) => normalise(d.nameEn) === key || normalise(d.nameUr) === key);
    if (district && areas.has(district.slug)) return { kind: "found", area: district.slug };
    return { kind: "ambiguous", areas: [...areas] };
  }
  return { kind: "found", area: [...areas][0]! };
}

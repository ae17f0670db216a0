import { AREAS, DISTRICTS, ISPS, PLACES, SERVICES } from "@/lib/reference";
import type { Connection } from "@/lib/reports/vocabulary";
import { keyOf, tokenise } from "./normalise";
import { TIME_UNITS } from "./since";
import {
  AREA_ALIASES,
  BROAD_AREAS,
  CONNECTION_WORDS,
  DROPPED_NAMES,
  FILLER_WORDS,
  INTERNET_WORDS,
  ISP_ALIASES,
  NO_FUZZY_ALIASES,
  PLACE_SUFFIXES,
  PROBLEM_WORDS,
  PROVINCE_ALIASES,
  SERVICE_ALIASES,
  WEAK_NAMES,
  type Signal,
} from "./vocabulary";

// The lookup table

const SINGLE_DISTRICT_OF = new Map(
  AREAS.filter((a) => a.level === "province").flatMap((p) => {
    const districts = DISTRICTS.filter((d) => d.parent === p.slug);
    return districts.length === 1 ? [[p.slug, districts[0]!.slug] as const] : [];
  }),
);

/** Towns smaller than this are matched only as spelt. */
const FUZZY_MIN_POPULATION = 50_000;

/** Up to four words: "پی ٹی سی ایل" and "p t c l" are four tokens. */
export const MAX_NGRAM = 4;

export type Effect = {
  isp?: string;
  area?: string;
  province?: string;
  service?: string;
  signal?: Signal;
  connection?: Connection;
  filler?: true;
};

export type Entry = {
  effect: Effect;
  /** Lower wins when two sources give the same key: vocabulary, then names, then towns. */
  rank: number;
  weak: boolean;
  broad: boolean;
  fuzzy: boolean;
  id: string;
};

const RANK = { vocabulary: 0, name: 1, place: 2, placeVariant: 3 } as const;

type Lexicon = { entries: Map<string, Entry>; fuzzyTargets: { key: string; entry: Entry }[] };

let lexicon: Lexicon | undefined;
export const getLexicon = () => (lexicon ??= buildLexicon());

/** "X (Twitter)", "App Store / iCloud" → each name on its own. */
const splitNames = (name: string) =>
  name
    .replace(/[()]/g, "/")
    .split("/")
    .map((s) => s.trim())
    .filter(Boolean);

function buildLexicon(): Lexicon {
  const entries = new Map<string, Entry>();

  const add = (phrase: string, effect: Effect, rank: number, opts: { fuzzy?: boolean } = {}) => {
    const keys = tokenise(phrase).map((t) => t.key);
    if (keys.length === 0 || keys.length > MAX_NGRAM) return;
    const spaced = keys.join(" ");
    const isName = rank > RANK.vocabulary;
    if (isName && DROPPED_NAMES.has(spaced)) return;
    const weak = isName && WEAK_NAMES.has(spaced);
    const entry: Entry = {
      effect,
      rank,
      weak,
      broad: BROAD_AREAS.has(spaced),
      fuzzy: isName && !weak && (opts.fuzzy ?? true),
      id: JSON.stringify(effect),
    };
    const put = (key: string) => {
      const old = entries.get(key);
      if (!old || rank < old.rank) entries.set(key, entry);
    };
    put(spaced);
    if (keys.length > 1) put(keys.join(""));
  };

  // Vocabulary first: "signal" is a network word before it is the Signal app.
  for (const [signal, words] of PROBLEM_WORDS) for (const w of words) add(w, { signal }, RANK.vocabulary);
  for (const [connection, words] of CONNECTION_WORDS) for (const w of words) add(w, { connection }, RANK.vocabulary);
  for (const w of INTERNET_WORDS) add(w, { service: "internet" }, RANK.vocabulary);
  add("mobile data", { service: "internet", connection: "mobile" }, RANK.vocabulary);
  add("موبائل ڈیٹا", { service: "internet", connection: "mobile" }, RANK.vocabulary);
  for (const w of FILLER_WORDS) add(w, { filler: true }, RANK.vocabulary);
  // Dropped town names are everyday words: known, so no typo match turns "bandhi" into Landhi.
  for (const w of DROPPED_NAMES) add(w, { filler: true }, RANK.vocabulary);
  for (const w of TIME_UNITS.keys()) add(w, { filler: true }, RANK.vocabulary);

  // Names from the reference data, then aliases. Districts before towns, so
  // "Sahiwal" is the district, not the town of that name in Sargodha.
  for (const isp of ISPS) {
    if (isp.slug === "other") continue;
    for (const name of [isp.nameEn, isp.nameUr, ...(ISP_ALIASES[isp.slug] ?? [])]) {
      add(name, { isp: isp.slug }, RANK.name, { fuzzy: !NO_FUZZY_ALIASES.has(keyOf(name)) });
    }
  }
  for (const service of SERVICES) {
    if (service.slug === "other") continue;
    const names = [...splitNames(service.nameEn), ...splitNames(service.nameUr), ...(SERVICE_ALIASES[service.slug] ?? [])];
    for (const name of names) add(name, { service: service.slug }, RANK.name, { fuzzy: !NO_FUZZY_ALIASES.has(keyOf(name)) });
  }
  for (const d of DISTRICTS) for (const name of [d.nameEn, d.nameUr]) add(name, { area: d.slug }, RANK.name);
  for (const [slug, aliases] of Object.entries(AREA_ALIASES)) {
    for (const a of aliases) add(a, { area: slug }, RANK.name, { fuzzy: !NO_FUZZY_ALIASES.has(keyOf(a)) });
  }
  for (const p of AREAS.filter((a) => a.level === "province")) {
    // Islamabad Capital Territory has one district: naming it names the district.
    const single = SINGLE_DISTRICT_OF.get(p.slug);
    const effect: Effect = single ? { area: single } : { province: p.slug };
    for (const name of [...splitNames(p.nameEn), ...splitNames(p.nameUr), ...(PROVINCE_ALIASES[p.slug] ?? [])]) add(name, effect, RANK.name);
  }
  // PLACES is sorted by population: of two towns with one name, the larger wins.
  // Small towns must be spelt right: at one typo, "larki" would be Lakki and "pani" Pasni.
  for (const place of PLACES) {
    const fuzzy = (place.population ?? 0) >= FUZZY_MIN_POPULATION;
    for (const name of [place.nameEn, place.nameUr]) {
      add(name, { area: place.area }, RANK.place, { fuzzy });
      const words = keyOf(name).split(" ");
      if (words.length > 1 && PLACE_SUFFIXES.has(words.at(-1)!)) add(words.slice(0, -1).join(" "), { area: place.area }, RANK.placeVariant, { fuzzy });
    }
  }

  const fuzzyTargets = [...entries]
    .filter(([key, e]) => e.fuzzy && key.length >= 4 && !key.includes(" ") && !/[0-9]/.test(key))
    .map(([key, entry]) => ({ key, entry }));
  return { entries, fuzzyTargets };
}

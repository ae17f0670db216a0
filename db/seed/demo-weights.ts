import { weightedPicker, type Random } from "@/lib/random";
import { AREAS, DISTRICTS, ISPS, PLACES, SERVICES, provinceOf } from "@/lib/reference";
import type { Problem, ReportSource } from "@/lib/reports/vocabulary";
import { HOTSPOTS, HOTSPOT_FACTOR, KARACHI, MIDDAY_SERVICES } from "@/db/seed/demo-scenario";

// The ordinary complaints of the synthetic demo: who reports (people per
// district, online more in the big cities), on which network (ISP shares by
// district) and about what (services, and the problems each service has).

// ---------------------------------------------------------------------------
// Reference-driven weights

// Reports come from people online: the capital and the big cities report
// more per head than their population alone suggests.
const ONLINE_FACTOR: Record<string, number> = { islamabad: 2.5, rawalpindi: 1.3, lahore: 1.2, peshawar: 1.1 };
for (const k of KARACHI) ONLINE_FACTOR[k] = 1.2;
/** Every district gets at least this many people, so small ones still report now and then. */
const POPULATION_FLOOR = 40_000;

const STORMFIBER_CITIES = new Set([
  ...KARACHI,
  "lahore",
  "islamabad",
  "rawalpindi",
  "faisalabad",
  "multan",
  "peshawar",
  "gujranwala",
  "hyderabad",
  "sialkot",
  "sargodha",
  "bahawalpur",
]);
const NAYATEL_HOME = new Set(["islamabad", "rawalpindi"]);
const NAYATEL_CITIES = new Set(["lahore", "faisalabad", "peshawar", "multan", "bahawalpur", "abbottabad", "sargodha", "gujranwala"]);
const SCOM_PROVINCES = new Set(["azad-kashmir", "gilgit-baltistan"]);

const MOBILE_SHARE: Record<string, number> = { jazz: 27, zong: 18, telenor: 16, ufone: 9 };
const SMALL_FIXED = [
  "transworld",
  "tes",
  "wateen",
  "witribe",
  "worldcall",
  "multinet",
  "fiberlink",
  "connect",
  "optix",
  "linkdotnet",
  "comsats",
  "brain-net",
  "sharp-telecom",
  "e-bone",
  "fariya",
  "telecard",
  "z-com",
];

export type Model = {
  background: { area: (r: Random) => string; isp: Map<string, (r: Random) => string> };
  hotspotArea: (r: Random) => string;
  scenarioMobileIsp: (r: Random) => string;
  scenarioFixedIsp: Map<string, (r: Random) => string>;
  districtByslug: Map<string, { lat: number; lon: number; province: string }>;
};

function requireSlugs(kind: string, slugs: Iterable<string>, known: Set<string>) {
  for (const s of slugs) if (!known.has(s)) throw new Error(`demo generator: unknown ${kind} slug "${s}"`);
}

export function buildModel(): Model {
  const areaSlugs = new Set(AREAS.map((a) => a.slug));
  const ispSlugs = new Set(ISPS.map((i) => i.slug));
  const serviceSlugs = new Set(SERVICES.map((s) => s.slug));
  requireSlugs("area", HOTSPOTS, areaSlugs);
  requireSlugs("isp", [...Object.keys(MOBILE_SHARE), ...SMALL_FIXED, "ptcl", "nayatel", "stormfiber", "scom", "hec-pern", "other"], ispSlugs);
  requireSlugs("service", [...Object.keys(BACKGROUND_SERVICES), ...MIDDAY_SERVICES.map(([s]) => s), "vpn", "tor-psiphon"], serviceSlugs);

  // People per district from the gazetteer. Karachi's population sits on
  // one place in one district; spread it over the city's six districts.
  const population = new Map<string, number>();
  for (const p of PLACES) population.set(p.area, (population.get(p.area) ?? 0) + (p.population ?? 0));
  const karachi = KARACHI.reduce((sum, k) => sum + (population.get(k) ?? 0), 0);
  for (const k of KARACHI) population.set(k, karachi / KARACHI.length);
  const districtPopulation = new Map(DISTRICTS.map((d) => [d.slug, Math.max(POPULATION_FLOOR, population.get(d.slug) ?? 0)]));

  const weight = (slug: string) => districtPopulation.get(slug)! * (ONLINE_FACTOR[slug] ?? 1);
  const area = weightedPicker(DISTRICTS.map((d) => [d.slug, weight(d.slug)] as const));
  const hotspotArea = weightedPicker(
    DISTRICTS.map((d) => [d.slug, weight(d.slug) * (HOTSPOTS.includes(d.slug) ? HOTSPOT_FACTOR : 1)] as const),
  );

  const isp = new Map<string, (r: Random) => string>();
  const scenarioFixedIsp = new Map<string, (r: Random) => string>();
  for (const d of DISTRICTS) {
    const province = d.parent ?? "";
    const city = districtPopulation.get(d.slug)! >= 500_000;
    const fixed = city ? 1 : 0.4;
    const mobile = SCOM_PROVINCES.has(province) ? 0.6 : 1;
    const w: [string, number][] = Object.entries(MOBILE_SHARE).map(([s, share]) => [s, share * mobile]);
    w.push(["ptcl", 11 * fixed]);
    if (STORMFIBER_CITIES.has(d.slug)) w.push(["stormfiber", 4]);
    if (NAYATEL_HOME.has(d.slug)) w.push(["nayatel", 8]);
    else if (NAYATEL_CITIES.has(d.slug)) w.push(["nayatel", 1.5]);
    for (const s of SMALL_FIXED) w.push([s, (city ? 0.35 : 0.05) * fixed]);
    w.push(["scom", SCOM_PROVINCES.has(province) ? 16 : 0.1]);
    w.push(["hec-pern", city ? 0.3 : 0.05]);
    w.push(["other", 1]);
    isp.set(d.slug, weightedPicker(w));
    // The big three broadband providers in the midday episode, where they serve.
    scenarioFixedIsp.set(
      d.slug,
      weightedPicker(w.filter(([s]) => s === "ptcl" || s === "nayatel" || s === "stormfiber")),
    );
  }

  const districtByslug = new Map(
    DISTRICTS.map((d) => [d.slug, { lat: d.lat, lon: d.lon, province: provinceOf(d.slug)?.slug ?? "" }]),
  );

  return {
    background: { area, isp },
    hotspotArea,
    scenarioMobileIsp: weightedPicker(Object.entries(MOBILE_SHARE)),
    scenarioFixedIsp,
    districtByslug,
  };
}

// ---------------------------------------------------------------------------
// Services and problems

// What people complain about on an ordinary day.
const BACKGROUND_SERVICES: Record<string, number> = {
  internet: 22,
  whatsapp: 18,
  youtube: 11,
  facebook: 8,
  instagram: 5,
  tiktok: 5,
  messenger: 1.5,
  x: 2,
  telegram: 1.2,
  signal: 0.3,
  snapchat: 0.8,
  threads: 0.1,
  discord: 0.3,
  wikipedia: 0.1,
  "google-search": 1.5,
  gmail: 0.8,
  "google-play": 0.5,
  apple: 0.2,
  zoom: 0.8,
  "microsoft-teams": 0.4,
  freelancing: 1,
  vpn: 1.2,
  "tor-psiphon": 0.1,
  "bigo-live": 0.3,
  "pubg-mobile": 0.9,
  easypaisa: 0.8,
  jazzcash: 0.8,
  raast: 0.15,
  hbl: 0.2,
  "meezan-bank": 0.2,
  ubl: 0.15,
  "bank-alfalah": 0.15,
  "mcb-bank": 0.15,
  "sadapay-nayapay": 0.2,
  daraz: 0.3,
  "ride-hailing": 0.3,
  foodpanda: 0.3,
  "govt-services": 0.2,
  "news-sites": 0.2,
  other: 1,
};

type ProblemWeights = (readonly [Problem, number])[];
const PROBLEMS_INTERNET: ProblemWeights = [["no_connection", 46], ["slow", 46], ["other", 8]];
const PROBLEMS_MESSAGING: ProblemWeights = [
  ["media_fails", 30],
  ["calls_fail", 18],
  ["slow", 25],
  ["no_connection", 22],
  ["other", 5],
];
const PROBLEMS_MEDIA: ProblemWeights = [["slow", 42], ["media_fails", 28], ["no_connection", 22], ["other", 8]];
const PROBLEMS_BLOCKED: ProblemWeights = [["site_blocked", 70], ["no_connection", 15], ["slow", 10], ["other", 5]];
const PROBLEMS_VPN: ProblemWeights = [["vpn_blocked", 50], ["slow", 28], ["no_connection", 17], ["other", 5]];
const PROBLEMS_CALLS: ProblemWeights = [["calls_fail", 40], ["slow", 33], ["no_connection", 22], ["other", 5]];
const PROBLEMS_DEFAULT: ProblemWeights = [["no_connection", 42], ["slow", 40], ["site_blocked", 3], ["other", 15]];

function problemsFor(service: string): ProblemWeights {
  switch (service) {
    case "internet":
      return PROBLEMS_INTERNET;
    case "whatsapp":
    case "messenger":
    case "telegram":
    case "signal":
    case "discord":
      return PROBLEMS_MESSAGING;
    case "youtube":
    case "facebook":
    case "instagram":
    case "tiktok":
    case "snapchat":
    case "threads":
    case "bigo-live":
      return PROBLEMS_MEDIA;
    case "x":
      return PROBLEMS_BLOCKED; // blocked nationally since February 2024
    case "vpn":
    case "tor-psiphon":
      return PROBLEMS_VPN;
    case "zoom":
    case "microsoft-teams":
      return PROBLEMS_CALLS;
    default:
      return PROBLEMS_DEFAULT;
  }
}

const problemPickers = new Map<string, (r: Random) => Problem>();
export const problemPicker = (service: string) => {
  let p = problemPickers.get(service);
  if (!p) problemPickers.set(service, (p = weightedPicker(problemsFor(service))));
  return p;
};

export const backgroundService = weightedPicker(Object.entries(BACKGROUND_SERVICES));
export const source = weightedPicker<ReportSource>([["web", 90], ["offline", 7], ["api", 3]]);

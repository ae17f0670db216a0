import { scopeParts, type Scope } from "@/lib/detection/scopes";
import type { ImpactInputs, Range } from "@/lib/impact/inputs";
import { DISTRICTS, findArea, findIsp, findService, PLACES, provinceOf } from "@/lib/reference";

// What a disruption put at risk, as a range (docs/impact.md):
//
//   (GDP / 365) × days × loss rate × area share × network share
//     × service weight × severity   [+ IT exports at risk, when VPNs fail]
//
// low, central and high multiply all the low, all the central and all the
// high inputs: bounding cases, not a confidence interval. Every term comes
// from the incident itself (its scopes, duration, connections, problems and
// reports against typical) and names its source; a what-if may set any term
// to one value, and the answer lists what was changed.

export const TERM_NAMES = ["gdpPerDay", "days", "lossRate", "areaShare", "networkShare", "serviceWeight", "severity"] as const;
export type TermName = (typeof TERM_NAMES)[number];
/** The terms a reader may set (the URL parameters of the what-if), and the exchange rate. */
export const WHAT_IF_TERMS = ["days", "lossRate", "areaShare", "networkShare", "serviceWeight", "severity"] as const;
export type WhatIf = Partial<Record<(typeof WHAT_IF_TERMS)[number] | "pkrPerUsd", number>>;

export type ImpactTerm = {
  name: TermName | "itExports";
  value: Range;
  /** What the value was made of, in English: "Sindh", "Jazz, Zong", "WhatsApp: media or calls failing". */
  detail: string;
  /** The same as slugs and numbers, for a page to name in its language. */
  basis: TermBasis;
  source: string;
  /** Set by a what-if rather than taken from the incident and the inputs. */
  changed: boolean;
};

export type Impact = Range & {
  currency: "USD";
  pkr: Range;
  pkrPerUsd: number;
  inputsVersion: string;
  terms: ImpactTerm[];
  /** The terms a what-if changed (empty for the defaults). */
  changed: string[];
  /** The areas the estimate covers ("all" for the whole country), for totals over overlapping incidents. */
  areas: string[] | "all";
};

export type TermBasis = {
  year?: number | string;
  hours?: number;
  areas?: string[] | "all";
  isps?: string[];
  connection?: "mobile" | "fixed" | "both";
  service?: string;
  kind?: ServiceKind;
  reports?: number;
  expected?: number;
};

/** What an incident gives the estimate. */
export type ImpactCase = {
  hours: number;
  scopes: readonly Scope[];
  reports: number;
  expected: number;
  connections: readonly { key: string; count: number }[];
  problems: readonly { key: string; count: number }[];
};

export type ImpactResult = { ok: true; impact: Impact } | { ok: false; reason: "no_area_share"; areas: string[]; inputsVersion: string };

const BOUNDS = ["low", "central", "high"] as const;
const one = (x: number): Range => ({ low: x, central: x, high: x });
const map = (r: Range, f: (x: number) => number): Range => ({ low: f(r.low), central: f(r.central), high: f(r.high) });
const add = (a: Range, b: Range): Range => ({ low: a.low + b.low, central: a.central + b.central, high: a.high + b.high });
const cap = (r: Range) => map(r, (x) => Math.min(1, x));

export function estimateImpact(c: ImpactCase, inputs: ImpactInputs, whatIf: WhatIf = {}): ImpactResult {
  const area = areaTerm(c.scopes, inputs);
  if (!area.ok) return { ok: false, reason: "no_area_share", areas: area.unknown, inputsVersion: inputs.version };
  const services = serviceTerm(c, inputs);
  const terms: ImpactTerm[] = [
    {
      name: "gdpPerDay",
      value: one(inputs.gdpUsd.value / 365),
      detail: `${inputs.gdpUsd.year}`,
      basis: { year: inputs.gdpUsd.year },
      source: inputs.gdpUsd.source,
      changed: false,
    },
    { name: "days", value: one(c.hours / 24), detail: `${Math.round(c.hours * 10) / 10} h`, basis: { hours: c.hours }, source: "the incident's start and end (detection)", changed: false },
    { name: "lossRate", value: pick(inputs.lossRate), detail: "", basis: {}, source: inputs.lossRate.source, changed: false },
    { name: "areaShare", value: area.value, detail: area.detail, basis: { areas: area.areas }, source: area.source, changed: false },
    networkTerm(c, inputs),
    services.term,
    {
      name: "severity",
      value: one(c.reports > 0 ? Math.max(0, Math.min(1, (c.reports - c.expected) / c.reports)) : 0),
      detail: `${c.reports} reports, ${Math.round(c.expected)} typical`,
      basis: { reports: c.reports, expected: c.expected },
      source: "share of the incident's reports above typical, as the detection job counted them",
      changed: false,
    },
  ];
  const changed: string[] = [];
  for (const term of terms) {
    const set = whatIf[term.name as keyof WhatIf];
    if (set === undefined) continue;
    term.value = one(set);
    term.changed = true;
    changed.push(term.name);
  }
  const days = terms.find((t) => t.name === "days")!.value.central;
  if (services.itExports) {
    terms.push({
      name: "itExports",
      value: map(pick(inputs.itExports.share), (v) => (inputs.itExports.valueUsd / 365) * days * v),
      detail: `${inputs.itExports.year}`,
      basis: { year: inputs.itExports.year },
      source: inputs.itExports.source,
      changed: whatIf.days !== undefined,
    });
  }
  const product = Object.fromEntries(
    BOUNDS.map((b) => [b, terms.filter((t) => t.name !== "itExports").reduce((x, t) => x * t.value[b], 1) + (terms.find((t) => t.name === "itExports")?.value[b] ?? 0)]),
  ) as Range;
  const pkrPerUsd = whatIf.pkrPerUsd ?? inputs.pkrPerUsd.value;
  if (whatIf.pkrPerUsd !== undefined) changed.push("pkrPerUsd");
  return {
    ok: true,
    impact: { ...product, currency: "USD", pkr: map(product, (x) => x * pkrPerUsd), pkrPerUsd, inputsVersion: inputs.version, terms, changed, areas: area.areas },
  };
}

const pick = (r: Range): Range => ({ low: r.low, central: r.central, high: r.high });

/** The share of the economy in the incident's areas: its provinces and districts (a district under a listed province counts once), or the whole country. */
function areaTerm(scopes: readonly Scope[], inputs: ImpactInputs) {
  const keys = new Set(scopes.flatMap((s) => scopeParts(s).area ?? []));
  const areas = [...keys].filter((k) => findArea(k)?.level === "province" || !keys.has(provinceOf(k)?.slug ?? "")).sort();
  if (areas.length === 0) {
    return { ok: true as const, value: one(1), detail: "the whole country", source: "no area narrower than the country in the incident", areas: "all" as const };
  }
  let value = one(0);
  const unknown: string[] = [];
  for (const key of areas) {
    const province = provinceOf(key);
    const share = province ? inputs.areaShares.provinces[province.slug] : undefined;
    if (!share) {
      unknown.push(key);
      continue;
    }
    value = add(value, findArea(key)?.level === "province" ? share : map(share, (x) => x * districtFraction(key)));
  }
  if (unknown.length === areas.length) return { ok: false as const, unknown };
  const detail = areas.filter((a) => !unknown.includes(a)).map((a) => findArea(a)?.nameEn ?? a).join(", ");
  const source = areas.some((a) => findArea(a)?.level === "district") ? `${inputs.areaShares.source} ${inputs.areaShares.districtSource}` : inputs.areaShares.source;
  return { ok: true as const, value: cap(value), detail: unknown.length ? `${detail} (no share published for ${unknown.join(", ")})` : detail, source, areas };
}

let fractions: Map<string, number> | undefined;

/** A district's share of its province, from the gazetteer's place populations (reference/places.json); an equal share where it has none. */
export function districtFraction(slug: string): number {
  if (!fractions) {
    const people = new Map<string, number>();
    for (const p of PLACES) if (p.population) people.set(p.area, (people.get(p.area) ?? 0) + p.population);
    fractions = new Map();
    const byProvince = new Map<string, string[]>();
    for (const d of DISTRICTS) byProvince.set(d.parent!, [...(byProvince.get(d.parent!) ?? []), d.slug]);
    for (const districts of byProvince.values()) {
      const total = districts.reduce((n, d) => n + (people.get(d) ?? 0), 0);
      for (const d of districts) fractions.set(d, total > 0 && people.get(d) ? people.get(d)! / total : 1 / districts.length);
    }
  }
  return fractions.get(slug) ?? 0;
}

/** The share of the area's internet use on the failing networks: the incident's providers, else its connection type, else all. */
function networkTerm(c: ImpactCase, inputs: ImpactInputs): ImpactTerm {
  const n = inputs.networkShares;
  const isps = new Set(c.scopes.flatMap((s) => scopeParts(s).isp ?? []));
  if (isps.size > 0) {
    let value = one(0);
    for (const isp of isps) {
      const share = n.operators[isp];
      value = add(value, share !== undefined ? { low: share * n.mobile.low * n.dualSimLow, central: share * n.mobile.central, high: share * n.mobile.high } : pick(n.fixed));
    }
    const names = [...isps].sort().map((i) => findIsp(i)?.nameEn ?? i);
    return { name: "networkShare", value: cap(value), detail: names.join(", "), basis: { isps: [...isps].sort() }, source: `${n.operatorSource}. ${n.mobile.source}`, changed: false };
  }
  const total = c.connections.reduce((x, r) => x + r.count, 0);
  const mobile = total ? (c.connections.find((r) => r.key === "mobile")?.count ?? 0) / total : 0.5;
  if (total && mobile >= 0.8) return { name: "networkShare", value: pick(n.mobile), detail: "mobile data", basis: { connection: "mobile" }, source: n.mobile.source, changed: false };
  if (total && mobile <= 0.2) return { name: "networkShare", value: pick(n.fixed), detail: "fixed lines", basis: { connection: "fixed" }, source: n.fixed.source, changed: false };
  return { name: "networkShare", value: pick(n.all), detail: "mobile and fixed", basis: { connection: "both" }, source: "reports from both mobile and fixed connections (neither 80 % or more)", changed: false };
}

const MESSAGING_FAILURES = new Set(["media_fails", "calls_fail"]);
const CIRCUMVENTION = new Set(["vpn", "tor-psiphon"]);

/** How much of a full loss the failure is: the heaviest of the incident's services (a wider failure covers a narrower one). */
function serviceTerm(c: ImpactCase, inputs: ImpactInputs): { term: ImpactTerm; itExports: boolean } {
  const services = new Set(c.scopes.flatMap((s) => scopeParts(s).service ?? []));
  if (services.size === 0) services.add("internet");
  const problem = [...c.problems].sort((a, b) => b.count - a.count)[0]?.key;
  const kindOf = (service: string): ServiceKind => {
    if (service === "internet") return problem === "slow" ? "slow" : "full";
    if (CIRCUMVENTION.has(service)) return "vpn";
    return problem && MESSAGING_FAILURES.has(problem) ? "media" : "platform";
  };
  const kinds = [...services].map((s) => ({ service: s, kind: kindOf(s) }));
  kinds.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const heaviest = kinds[0]!;
  return {
    term: {
      name: "serviceWeight",
      value: pick(inputs.serviceWeights[heaviest.kind]),
      detail: `${findService(heaviest.service)?.nameEn ?? heaviest.service}: ${KIND_LABEL[heaviest.kind]}`,
      basis: { service: heaviest.service, kind: heaviest.kind },
      source: inputs.serviceWeights.source,
      changed: false,
    },
    itExports: kinds.some((k) => k.kind === "vpn") || problem === "vpn_blocked",
  };
}

export type ServiceKind = "full" | "slow" | "platform" | "media" | "vpn";
/** Heaviest first. */
const KIND_ORDER: ServiceKind[] = ["full", "slow", "platform", "media", "vpn"];
const KIND_LABEL: Record<ServiceKind, string> = {
  full: "everything failing",
  slow: "everything slow",
  platform: "one service blocked or failing",
  media: "media or calls failing while text works",
  vpn: "VPNs blocked",
};

/** The estimate's view of an incident: its duration, scopes, reports against typical, and its connection and problem breakdowns. */
export function impactCaseOf(
  incident: { durationMinutes: number; scopes: readonly Scope[] },
  figures: { reports: number; expected: number },
  connections: readonly { key: string; count: number }[],
  problems: readonly { key: string; count: number }[],
): ImpactCase {
  return {
    hours: incident.durationMinutes / 60,
    scopes: incident.scopes.map((s) => ({ kind: s.kind, key: s.key })),
    reports: figures.reports,
    expected: figures.expected,
    connections,
    problems,
  };
}

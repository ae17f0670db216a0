import { findIsp, findService } from "@/lib/reference";
import type { Connection, Problem } from "@/lib/reports/vocabulary";
import type { Match } from "./match";
import type { DefaultedField, ParsedFields } from "./types";
import type { Signal } from "./vocabulary";

// From matches to fields

/** VPNs, Tor and Psiphon: "blocked" or "not working" means the circumvention tool is blocked. */
export const isCircumvention = (slug: string | undefined) => slug !== undefined && findService(slug)?.category === "circumvention";

/** Services by how much they say: a named app beats a VPN, which beats "net". */
const serviceRank = (slug: string) => (slug === "internet" ? 2 : isCircumvention(slug) ? 1 : 0);

/** The more specific symptom wins: "net slow, voice note nahi jata" is media failing. */
const SIGNAL_ORDER: Signal[] = ["media_fails", "calls_fail", "vpn_blocked", "site_blocked", "blocked", "video", "slow", "other", "no_connection", "generic"];
const VIDEO_SERVICES = new Set(["youtube", "tiktok", "bigo-live", "instagram"]);

/** First strong match, a named part of a city before the city itself, weak names last. */
export function pick(matches: Match[], field: "isp" | "area" | "province"): string | undefined {
  const ranked = matches
    .filter((m) => m.effect[field])
    .sort((a, b) => Number(a.weak) - Number(b.weak) || Number(a.broad) - Number(b.broad) || a.start - b.start);
  return ranked[0]?.effect[field];
}

export function pickService(matches: Match[]): string | undefined {
  const services = matches.filter((m) => m.effect.service);
  const strong = services.filter((m) => !m.weak);
  // A weak name ("x", "geo") counts only when no app is named at all.
  const pool = strong.some((m) => serviceRank(m.effect.service!) === 0) ? strong : services;
  return pool.sort((a, b) => serviceRank(a.effect.service!) - serviceRank(b.effect.service!) || Number(a.weak) - Number(b.weak) || a.start - b.start)[0]
    ?.effect.service;
}

function resolveProblem(signals: Signal[], service: string | undefined, vpnNamed: boolean): Problem | undefined {
  const present = SIGNAL_ORDER.filter((s) => signals.includes(s) && !(s === "video" && service && VIDEO_SERVICES.has(service)));
  const top = present[0];
  const specificService = service !== undefined && serviceRank(service) === 0;
  // "YouTube only works with a VPN": the site is blocked.
  if ((top === undefined || top === "generic") && vpnNamed && specificService) return "site_blocked";
  switch (top) {
    case undefined:
      return undefined;
    case "video":
      return "media_fails";
    case "blocked":
      if (isCircumvention(service)) return "vpn_blocked";
      return service === undefined || service === "internet" ? "no_connection" : "site_blocked";
    case "generic":
      return isCircumvention(service) ? "vpn_blocked" : "no_connection";
    default:
      return top;
  }
}

const connectionOfIsp = (isp: string): Connection => (findIsp(isp)?.kind === "fixed" ? "fixed" : "mobile");

/** Fills service, problem and connection when the text did not say (and records that it did not). */
export function withDefaults(explicit: ParsedFields): ParsedFields {
  const fields: ParsedFields = { ...explicit };
  const defaulted: DefaultedField[] = [];
  if (!fields.service) {
    fields.service = "internet";
    defaulted.push("service");
  }
  if (!fields.problem) {
    fields.problem = isCircumvention(fields.service) ? "vpn_blocked" : "no_connection";
    defaulted.push("problem");
  }
  if (!fields.connection && fields.isp) {
    fields.connection = connectionOfIsp(fields.isp);
    defaulted.push("connection");
  }
  if (defaulted.length > 0) fields.defaulted = defaulted;
  return fields;
}

/** What the text said, before defaults. Empty when nothing that makes a report was found. */
export function explicitFields(matches: Match[], sinceHours: number | undefined): ParsedFields {
  const isp = pick(matches, "isp");
  const area = pick(matches, "area");
  const service = pickService(matches);
  const signals = matches.flatMap((m) => (m.effect.signal ? [m.effect.signal] : []));
  const vpnNamed = matches.some((m) => isCircumvention(m.effect.service));
  const problem = resolveProblem(signals, service, vpnNamed);
  if (!isp && !area && !service && !problem) return {};
  const connection = matches.find((m) => m.effect.connection)?.effect.connection;
  const fields: ParsedFields = {};
  if (isp) fields.isp = isp;
  if (area) fields.area = area;
  if (service) fields.service = service;
  if (problem) fields.problem = problem;
  if (connection) fields.connection = connection;
  if (sinceHours !== undefined) fields.sinceHours = sinceHours;
  return fields;
}

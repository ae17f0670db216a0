import { median as medianOf } from "@/lib/detection/baseline";
import { scopeParts, type Scope } from "@/lib/detection/scopes";
import { COUNTRY_ENTITY, entitiesFor } from "@/lib/signals/entities";
import type { SignalSource } from "@/lib/signals/types";

// Whether independent measurements agree with an incident: the rule
// /methodology publishes (docs/signals.md).
//
// The signals that speak for an incident are those of its networks (the
// ASNs of its providers), its provinces, and the country; for OONI, the
// tests of its services (WhatsApp, Telegram, Signal, Messenger; VPN and
// circumvention sites through web connectivity).
//
// - A continuous signal (IODA's active probing, BGP and telescope; Cloudflare's
//   traffic) agrees when its mean during the incident is at least
//   DROP_AGREES below its baseline: the source's own where it gives one,
//   else the median of the same series over the week before the incident.
// - A Cloudflare outage or anomaly annotation agrees when it overlaps the incident.
// - OONI agrees when at least ANOMALY_AGREES of at least MIN_TESTS tests on
//   the incident's days were anomalous or confirmed blocked.
// Where no measurement covers the incident, it says so: no agreement is
// implied from silence.

export const DROP_AGREES = 0.1;
export const ANOMALY_AGREES = 0.1;
export const MIN_TESTS = 5;
export const BASELINE_DAYS = 7;

export type SignalPoint = { source: SignalSource; metric: string; entity: string; t: string; stepSeconds: number; value: number; baseline: number | null; sampleSize: number | null };

export type Finding =
  | { source: SignalSource; metric: string; entity: string; kind: "drop"; drop: number; agrees: boolean }
  | { source: SignalSource; metric: string; entity: string; kind: "annotated"; agrees: true }
  | { source: SignalSource; metric: string; entity: string; kind: "anomalous"; share: number; tests: number; agrees: boolean };

export type Verdict = { level: "agree" | "no-change" | "none"; findings: Finding[] };

const OONI_TESTS: Record<string, string[]> = {
  whatsapp: ["whatsapp"],
  telegram: ["telegram"],
  signal: ["signal"],
  messenger: ["facebook_messenger"],
  vpn: ["web_connectivity"],
  "tor-psiphon": ["web_connectivity"],
};
const CONTINUOUS = new Set(["ioda:ping-slash24", "ioda:bgp", "ioda:merit-nt", "cloudflare:netflows"]);
const ANNOTATIONS = new Set(["cloudflare:outage", "cloudflare:anomaly"]);

/** The entities an incident's signals are read for (its networks, provinces and the country). */
export function incidentEntities(scopes: readonly Scope[]): string[] {
  const parts = scopes.map(scopeParts);
  return entitiesFor({ isps: [...new Set(parts.flatMap((p) => p.isp ?? []))], areas: [...new Set(parts.flatMap((p) => p.area ?? []))] });
}

/** OONI's tests for the incident's services. */
export function incidentTests(scopes: readonly Scope[]): Set<string> {
  const tests = new Set<string>();
  for (const { service } of scopes.map(scopeParts)) for (const t of (service && OONI_TESTS[service]) || []) tests.add(t);
  return tests;
}

export function verdictFor(incident: { start: number; end: number; scopes: readonly Scope[] }, points: readonly SignalPoint[]): Verdict {
  const entities = new Set(incidentEntities(incident.scopes));
  const tests = incidentTests(incident.scopes);
  const series = new Map<string, SignalPoint[]>();
  for (const p of points) {
    if (!entities.has(p.entity)) continue;
    if (p.source === "ooni" && !tests.has(p.metric)) continue;
    const key = `${p.source}|${p.metric}|${p.entity}`;
    series.set(key, [...(series.get(key) ?? []), p]);
  }
  const findings: Finding[] = [];
  for (const [key, list] of series) {
    const [source, metric, entity] = key.split("|") as [SignalSource, string, string];
    const kind = `${source}:${metric}`;
    const overlaps = (p: SignalPoint) => Date.parse(p.t) < incident.end && Date.parse(p.t) + p.stepSeconds * 1000 > incident.start;
    const during = list.filter(overlaps);
    if (during.length === 0) continue;
    if (ANNOTATIONS.has(kind)) {
      findings.push({ source, metric, entity, kind: "annotated", agrees: true });
    } else if (source === "ooni") {
      const n = during.reduce((x, p) => x + (p.sampleSize ?? 0), 0);
      if (n === 0) continue;
      const share = during.reduce((x, p) => x + p.value * (p.sampleSize ?? 0), 0) / n;
      findings.push({ source, metric, entity, kind: "anomalous", share, tests: n, agrees: n >= MIN_TESTS && share >= ANOMALY_AGREES });
    } else if (CONTINUOUS.has(kind)) {
      const mean = during.reduce((x, p) => x + p.value, 0) / during.length;
      const own = during.every((p) => p.baseline !== null && p.baseline > 0) ? during.reduce((x, p) => x + p.baseline!, 0) / during.length : null;
      const before = list.filter((p) => Date.parse(p.t) < incident.start && Date.parse(p.t) >= incident.start - BASELINE_DAYS * 86_400_000).map((p) => p.value);
      const baseline = own ?? median(before);
      if (baseline === null || baseline <= 0) continue;
      const drop = Math.max(0, 1 - mean / baseline);
      findings.push({ source, metric, entity, kind: "drop", drop, agrees: drop >= DROP_AGREES });
    }
  }
  // The most specific entity first (a network, a province, then the country), agreeing first.
  const rank = (f: Finding) => (f.agrees ? 0 : 2) + (f.entity === COUNTRY_ENTITY ? 1 : 0);
  findings.sort((a, b) => rank(a) - rank(b) || a.source.localeCompare(b.source) || a.entity.localeCompare(b.entity));
  return { level: findings.length === 0 ? "none" : findings.some((f) => f.agrees) ? "agree" : "no-change", findings };
}

/** The median, or null for no values (lib/detection/baseline.ts's median). */
export const median = (xs: readonly number[]): number | null => (xs.length === 0 ? null : medianOf(xs));

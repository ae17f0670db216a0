import { STEP_MS } from "@/lib/detection/detection-config";
import { scopeParts, type Scope } from "@/lib/detection/scopes";
import { provinceOf } from "@/lib/reference";

/*
 * Scoring the incidents the detection job stored (`incidents` and
 * `incident_scopes`) against labelled report-level scenarios, for
 * `npm run eval:detection -- --live`; and comparing two sets of stored
 * incidents (stepped live vs one pass). Pure: the caller reads the tables.
 *
 * The matching rule, per scope of an incident (its primary or a linked one),
 * always among those that overlap the label in time ([start, end), an
 * ongoing scope running on):
 *   - a scope FITS a label when it pins no service, ISP or area outside the
 *     label's (an area fits when it is one of the label's districts or the
 *     province holding one: Punjab and Lahore both fit an event in Lahore);
 *     a dimension the label leaves out (a nationwide event has no area) is
 *     fitted by any value;
 *   - a scope FINDS a label when it fits and pins at least one dimension the
 *     label names: a nationwide VPN block is found by a VPN scope, not by
 *     Jazz or Punjab alone (those only fit it: its symptoms).
 * An incident finds a label when one of its scopes does; the label's delay
 * runs from its start to the earliest `opened_at` of those scopes, and is 0
 * when that scope was open already (opened by something before the event
 * and still going: `openedAt` tells). Recall is
 * the share of labels found. An incident is a true positive when one of its
 * scopes fits some label, else a false alarm (named after a decoy it
 * overlaps, if any): precision. An incident that finds two labels merged two
 * events; a label fitted by several incidents was split into them.
 */

/** Where a labelled event is: the values of each dimension it covers; a dimension left out is "any". Areas are district slugs. */
export type LabelScope = { services?: readonly string[]; isps?: readonly string[]; areas?: readonly string[] };
export type Label = { name: string; scope: LabelScope; start: number; end: number };
/** Something that is not an outage but may look like one (unlabelled). */
export type Decoy = { name: string; start: number; end: number };

export type StoredScope = Scope & { start: number; end: number | null; openedAt: number };
export type StoredIncident = { id: number; primary: Scope; start: number; end: number | null; scopes: StoredScope[] };

const overlaps = (a: { start: number; end: number | null }, b: { start: number; end: number | null }) =>
  a.start < (b.end ?? Infinity) && b.start < (a.end ?? Infinity);

/** Whether the scope pins nothing outside the label (time aside). */
export function scopeFitsLabel(scope: Scope, label: Label): boolean {
  const p = scopeParts(scope);
  const { services, isps, areas } = label.scope;
  const areaFits = (area: string) => !areas || areas.some((d) => d === area || provinceOf(d)?.slug === area);
  return (p.service === undefined || !services || services.includes(p.service)) && (p.isp === undefined || !isps || isps.includes(p.isp)) && (p.area === undefined || areaFits(p.area));
}

/** Whether the scope fits the label and pins a dimension the label names (time aside). */
export function scopeFindsLabel(scope: Scope, label: Label): boolean {
  const p = scopeParts(scope);
  const { services, isps, areas } = label.scope;
  const pinsNamed = (p.service !== undefined && !!services) || (p.isp !== undefined && !!isps) || (p.area !== undefined && !!areas);
  return pinsNamed && scopeFitsLabel(scope, label);
}

const findingScopes = (incident: StoredIncident, label: Label) => incident.scopes.filter((s) => overlaps(s, label) && scopeFindsLabel(s, label));
const fits = (incident: StoredIncident, label: Label) => incident.scopes.some((s) => overlaps(s, label) && scopeFitsLabel(s, label));

export type LabelResult = {
  label: Label;
  /** Incidents that find the label. */
  found: StoredIncident[];
  /** Incidents that fit it (the finding ones among them). */
  fitting: StoredIncident[];
  /** The earliest opened_at of the finding scopes, and the delay (never below 0). */
  openedAt: number | undefined;
  delayMs: number | undefined;
};

export type LiveScore = {
  /** Incidents overlapping the test period. */
  incidents: StoredIncident[];
  falseAlarms: { incident: StoredIncident; decoy: string | undefined }[];
  labels: LabelResult[];
  /** Incidents that find two labels or more. */
  merged: StoredIncident[];
  /** Labels fitted by two incidents or more. */
  split: LabelResult[];
  precision: number;
  recall: number;
  delaysMs: number[];
};

export function scoreIncidents(stored: readonly StoredIncident[], labels: readonly Label[], decoys: readonly Decoy[], period: { from: number; to: number }): LiveScore {
  const inPeriod = stored.filter((i) => overlaps(i, { start: period.from, end: period.to }));
  const results = labels.map((label): LabelResult => {
    const found = inPeriod.filter((i) => findingScopes(i, label).length > 0);
    const opened = found.flatMap((i) => findingScopes(i, label).map((s) => s.openedAt));
    const openedAt = opened.length ? Math.min(...opened) : undefined;
    return { label, found, fitting: inPeriod.filter((i) => fits(i, label)), openedAt, delayMs: openedAt === undefined ? undefined : Math.max(0, openedAt - label.start) };
  });
  const falseAlarms = inPeriod
    .filter((i) => !results.some((r) => r.fitting.includes(i)))
    .map((incident) => ({ incident, decoy: decoys.find((d) => overlaps(incident, d))?.name }));
  const delaysMs = results.flatMap((r) => (r.delayMs === undefined ? [] : [r.delayMs]));
  return {
    incidents: inPeriod,
    falseAlarms,
    labels: results,
    merged: inPeriod.filter((i) => results.filter((r) => r.found.includes(i)).length >= 2),
    split: results.filter((r) => r.fitting.length >= 2),
    precision: inPeriod.length ? (inPeriod.length - falseAlarms.length) / inPeriod.length : 1,
    recall: labels.length ? delaysMs.length / labels.length : 1,
    delaysMs,
  };
}

export type IncidentPair = { a: StoredIncident; b: StoredIncident; startDiffMs: number; endDiffMs: number };
export type Comparison = { onlyA: StoredIncident[]; onlyB: StoredIncident[]; pairs: IncidentPair[]; disagreements: number };

/**
 * Two runs' incidents over the same period, paired by primary scope and
 * overlap in time (each incident in one pair at most). An ongoing incident
 * ends at `periodEnd` for the difference. A disagreement is an incident found
 * by one only, or a pair whose starts or ends differ by more than one
 * 5-minute step.
 */
export function compareIncidents(a: readonly StoredIncident[], b: readonly StoredIncident[], periodEnd: number): Comparison {
  const unpaired = new Set(b);
  const pairs: IncidentPair[] = [];
  const onlyA: StoredIncident[] = [];
  for (const x of a) {
    const y = [...unpaired].find((c) => c.primary.kind === x.primary.kind && c.primary.key === x.primary.key && overlaps(c, x));
    if (!y) {
      onlyA.push(x);
      continue;
    }
    unpaired.delete(y);
    pairs.push({ a: x, b: y, startDiffMs: Math.abs(x.start - y.start), endDiffMs: Math.abs((x.end ?? periodEnd) - (y.end ?? periodEnd)) });
  }
  const onlyB = [...unpaired];
  const apart = pairs.filter((p) => p.startDiffMs > STEP_MS || p.endDiffMs > STEP_MS).length;
  return { onlyA, onlyB, pairs, disagreements: onlyA.length + onlyB.length + apart };
}

/** The nearest-rank percentile (0–100) of a non-empty list; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// Measured signals from independent sources (IODA, Cloudflare Radar, OONI),
// stored beside the crowd reports to corroborate them (docs/signals.md).

export const SIGNAL_SOURCES = ["ioda", "cloudflare", "ooni"] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/**
 * One measured value for one entity over one interval, as a source gave it.
 * - `entity`: "country:PK", "asn:59257", "region:3087" (IODA's Natural Earth
 *   admin-1 id) or "geoid:<GeoNames id>" (Cloudflare ADM1).
 * - `metric`: what it measures, prefixed by nothing: "ping-slash24", "bgp",
 *   "merit-nt" (IODA); "netflows", "anomaly", "outage" (Cloudflare);
 *   "whatsapp", "telegram", "signal", "facebook_messenger", "web_connectivity" (OONI).
 * - `value`: IODA: the raw series value; Cloudflare netflows: normalised
 *   traffic (0–1); Cloudflare anomaly/outage: 1 during the annotated
 *   interval; OONI: the share of anomalous or confirmed-blocked tests (0–1)
 *   of `sampleSize` measurements that day or hour.
 * - `baseline`: the source's own expectation where it gives one (IODA
 *   `historyValue`, …), else null.
 * - `url`: the request that returned it (provenance), without any token.
 */
export type Signal = {
  source: SignalSource;
  metric: string;
  entity: string;
  t: Date;
  /** Length of the interval `t` starts, in seconds. */
  stepSeconds: number;
  value: number;
  baseline: number | null;
  sampleSize: number | null;
  url: string;
};

/** One request an importer makes: its URL, headers (a token), and the entity and metric it is for. */
export type SourceRequest = { url: string; headers: Record<string, string>; entity: string; metric: string | null };

export type SourceOptions = { baseUrl?: string; token?: string };

/** What each source module exports (lib/signals/ioda.ts, cloudflare.ts, ooni.ts). */
export type SourceClient = {
  source: SignalSource;
  /** The production API's base URL (tests replace it with a local server). */
  defaultBaseUrl: string;
  /** The longest window one request may cover, and the least time between two requests (the source's rate limit). */
  maxSpanMs: number;
  minIntervalMs: number;
  /** The requests covering [from, to) for Pakistan and its networks (reference/isps.json ASNs) and provinces. */
  requests(from: Date, to: Date, options: SourceOptions): SourceRequest[];
  /** The signals in one response body (parsed JSON); throws SignalShapeError when the body is not of a known shape. */
  parse(body: unknown, request: SourceRequest): Signal[];
};

/** A response of a shape no schema accepts: logged and skipped, never half-stored. */
export class SignalShapeError extends Error {
  constructor(
    readonly source: SignalSource,
    readonly url: string,
    readonly issues: string,
  ) {
    super(`${source}: unexpected response shape from ${url}: ${issues}`);
  }
}

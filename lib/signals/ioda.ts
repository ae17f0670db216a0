import { IODA_REGIONS } from "@/lib/signals/entities";
import { z } from "zod";
import { ISPS, PROVINCES } from "@/lib/reference";
import { SignalShapeError, type Signal, type SourceClient, type SourceOptions, type SourceRequest } from "./types";

// IODA (Georgia Tech) raw reachability signals for Pakistan, its networks and
// its provinces. Every reference below is to /work/shared/research/corroboration.md.

const DEFAULT_BASE_URL = "https://api.ioda.inetintel.cc.gatech.edu/v2"; // §1.1

/**
 * The datasources kept, each stored as its own metric (§1.2, §4.1: the ones
 * OONI Explorer plots). `gtr` is left out: it is only served when
 * `sourceParams` is given (§1.4) and measures Google traffic, not reachability.
 */
export const IODA_METRICS = ["ping-slash24", "bgp", "merit-nt"] as const;


const DAY_MS = 24 * 3600_000;

/**
 * The API has no rate limiter (§1.10), but the notes ask for one request at a
 * time and at most one a minute per entity. The importer makes them in turn,
 * one per entity per window, 2 s apart: a pass over the 36 entities takes
 * over a minute, so the next window's request for an entity comes more than
 * a minute after the last.
 */
const MIN_INTERVAL_MS = 2_000;

/** A query must span under 100 days (§1.2); a week at the 300 s native step is ~2,000 points, under `maxPoints`. */
const MAX_SPAN_MS = 7 * DAY_MS;

/** High enough that a week is never down-sampled (§1.4: `step` grows past `nativeStep` when `maxPoints` forces it). */
const MAX_POINTS = 3000;

type Entity = { path: string; entity: string };

function pakistanEntities(): Entity[] {
  const asns = [...new Set(ISPS.flatMap((isp) => isp.asns))];
  const regions = PROVINCES.flatMap((p) => {
    const id = IODA_REGIONS[p.slug];
    return id === undefined ? [] : [id];
  });
  return [
    { path: "country/PK", entity: "country:PK" },
    ...asns.map((n) => ({ path: `asn/${n}`, entity: `asn:${n}` })),
    ...regions.map((id) => ({ path: `region/${id}`, entity: `region:${id}` })),
  ];
}

/** [from, to) cut into consecutive windows of at most `spanMs`. */
function windows(from: Date, to: Date, spanMs: number): Array<[Date, Date]> {
  const out: Array<[Date, Date]> = [];
  for (let start = from.getTime(); start < to.getTime(); start += spanMs) {
    out.push([new Date(start), new Date(Math.min(start + spanMs, to.getTime()))]);
  }
  return out;
}

function requests(from: Date, to: Date, options: SourceOptions): SourceRequest[] {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  // No `datasource` parameter: one request returns every datasource of the entity (§1.4).
  // No token either: IODA has no authentication (§1.1), and a token meant for another source must not travel here.
  return windows(from, to, MAX_SPAN_MS).flatMap(([start, end]) => {
    const query = `from=${Math.floor(start.getTime() / 1000)}&until=${Math.ceil(end.getTime() / 1000)}&maxPoints=${MAX_POINTS}`;
    return pakistanEntities().map(({ path, entity }) => ({
      url: `${base}/signals/raw/${path}?${query}`,
      headers: {},
      entity,
      metric: null,
    }));
  });
}

// --- Response schemas (§1.3, §1.4) ---

const series = z.object({
  entityType: z.string(),
  entityCode: z.union([z.string(), z.number()]).transform(String),
  datasource: z.string(),
  from: z.number(),
  step: z.number().positive(),
  // Checked per datasource below: only the kept ones must be numbers, so an
  // unfamiliar datasource (e.g. the upstream-delay ones of §1.3) cannot spoil the body.
  values: z.array(z.unknown()),
  // The real key is `historyValue`; the Swagger annotation's `historicValue` is wrong (§1.5).
  historyValue: z.number().nullish(),
});

/** `data` holds one array per requested entity, each with one series per datasource (§1.3). */
const envelope = z.object({ data: z.array(z.array(series)) });

/** On error the status is 400, `error` a string and `data` null (§1.3). */
const errorEnvelope = z.object({ error: z.unknown() });

/** `null` marks a missing point (§1.4). */
const keptValues = z.array(z.number().nullable());

type Series = z.infer<typeof series>;

function isKept(datasource: string): datasource is (typeof IODA_METRICS)[number] {
  return (IODA_METRICS as readonly string[]).includes(datasource);
}

function seriesSignals(s: Series, url: string): Signal[] {
  const values = keptValues.safeParse(s.values);
  if (!values.success) throw new SignalShapeError("ioda", url, `${s.datasource} values: ${z.prettifyError(values.error)}`);
  const entity = `${s.entityType}:${s.entityCode}`;
  return values.data.flatMap((value, i) =>
    value === null
      ? []
      : [
          {
            source: "ioda" as const,
            metric: s.datasource,
            entity,
            // Value i is at from + i*step, as OONI Explorer reads it (§1.4).
            t: new Date((s.from + i * s.step) * 1000),
            stepSeconds: s.step,
            value,
            baseline: s.historyValue ?? null,
            sampleSize: null,
            url,
          },
        ],
  );
}

function parse(body: unknown, request: SourceRequest): Signal[] {
  const failed = errorEnvelope.safeParse(body);
  if (failed.success && failed.data.error != null) {
    const message = typeof failed.data.error === "string" ? failed.data.error : JSON.stringify(failed.data.error);
    throw new SignalShapeError("ioda", request.url, `error envelope: ${message}`);
  }
  const parsed = envelope.safeParse(body);
  if (!parsed.success) throw new SignalShapeError("ioda", request.url, z.prettifyError(parsed.error));
  return parsed.data.data
    .flat()
    .filter((s) => isKept(s.datasource))
    .flatMap((s) => seriesSignals(s, request.url));
}

export const ioda: SourceClient = {
  source: "ioda",
  defaultBaseUrl: DEFAULT_BASE_URL,
  maxSpanMs: MAX_SPAN_MS,
  minIntervalMs: MIN_INTERVAL_MS,
  requests,
  parse,
};


import fs from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ISPS, PROVINCES } from "@/lib/reference";
import { cloudflare } from "@/lib/signals/cloudflare";
import { backoffMs, fetchSource, parseRetryAfter, SourceHttpError } from "@/lib/signals/fetch-source";
import { IODA_REGION_BY_PROVINCE, ioda } from "@/lib/signals/ioda";
import { ooni } from "@/lib/signals/ooni";
import { SignalShapeError, type Signal, type SourceClient, type SourceRequest } from "@/lib/signals/types";

// The three measured-signal sources against the responses recorded or rebuilt
// in tests/fixtures/signals (see its README), each trap of the research notes
// (/work/shared/research/corroboration.md §4.3), and the fetch wrapper against a
// real local HTTP server.

const FIXTURES = path.resolve(__dirname, "../fixtures/signals");
const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));

const FROM = new Date("2024-08-18T00:00:00Z");
const TO = new Date("2024-08-25T00:00:00Z");
const TOKEN = "cf-secret-token-123";
const BASE = "http://127.0.0.1:9/base";
const OPTIONS = { baseUrl: BASE, token: TOKEN };

function requestFor(client: SourceClient, entity: string, metric: string | null = null): SourceRequest {
  const found = client.requests(FROM, TO, OPTIONS).find((r) => r.entity === entity && (metric === null || r.metric === metric));
  if (!found) throw new Error(`no ${client.source} request for ${entity} ${metric ?? ""}`);
  return found;
}

const at = (signals: Signal[], entity: string, metric: string, iso: string) =>
  signals.find((s) => s.entity === entity && s.metric === metric && s.t.toISOString() === iso);

const PK_ASNS = [...new Set(ISPS.flatMap((i) => i.asns))];

function shapeError(run: () => unknown): SignalShapeError {
  try {
    run();
  } catch (error) {
    if (error instanceof SignalShapeError) return error;
    throw error;
  }
  throw new Error("expected a SignalShapeError");
}

describe("ioda", () => {
  it("asks signals/raw for Pakistan, each of its ASNs and each province, at the given base URL, without a token", () => {
    const requests = ioda.requests(FROM, TO, OPTIONS);
    const entities = requests.map((r) => r.entity);
    expect(entities).toContain("country:PK");
    for (const asn of PK_ASNS) expect(entities).toContain(`asn:${asn}`);
    expect(PROVINCES.map((p) => IODA_REGION_BY_PROVINCE[p.slug])).not.toContain(undefined);
    for (const id of [3082, 3083, 3084, 3085, 3087, 3088, 3089]) expect(entities).toContain(`region:${id}`);
    expect(requests).toHaveLength(1 + PK_ASNS.length + 7);
    expect(requests.find((r) => r.entity === "asn:59257")?.url).toBe(
      `${BASE}/signals/raw/asn/59257?from=1723939200&until=1724544000&maxPoints=3000`,
    );
    expect(requests.find((r) => r.entity === "region:3087")?.url).toContain(`${BASE}/signals/raw/region/3087?`);
    for (const r of requests) {
      expect(r.headers).toEqual({});
      expect(r.url).not.toContain(TOKEN);
    }
    expect(ioda.defaultBaseUrl).toBe("https://api.ioda.inetintel.cc.gatech.edu/v2");
    // One request at a time, and a pass over every entity at this pace takes over a minute: at most one a minute per entity (§1.10).
    expect(ioda.minIntervalMs * requests.length).toBeGreaterThanOrEqual(60_000);
  });

  it("cuts a long range into windows no longer than maxSpanMs", () => {
    const to = new Date(FROM.getTime() + 2 * ioda.maxSpanMs + 3600_000);
    const requests = ioda.requests(FROM, to, OPTIONS);
    expect(requests).toHaveLength(3 * (1 + PK_ASNS.length + 7));
    for (const r of requests) {
      const q = new URL(r.url).searchParams;
      expect((Number(q.get("until")) - Number(q.get("from"))) * 1000).toBeLessThanOrEqual(ioda.maxSpanMs);
    }
  });

  it("reads each value at from + step*i and skips nulls (§1.4)", () => {
    const request = requestFor(ioda, "asn:59257");
    const signals = ioda.parse(fixture("ioda-signals-raw-asn-59257.recon.json"), request);
    expect(signals.filter((s) => s.metric === "bgp").map((s) => s.value)).toEqual([812, 812, 811, 640]);
    expect(signals.filter((s) => s.metric === "ping-slash24").map((s) => s.value)).toEqual([301, 298, 120]);
    expect(at(signals, "asn:59257", "bgp", "2024-08-01T00:20:00.000Z")).toEqual({
      source: "ioda",
      metric: "bgp",
      entity: "asn:59257",
      t: new Date("2024-08-01T00:20:00Z"),
      stepSeconds: 300,
      value: 640,
      baseline: null,
      sampleSize: null,
      url: request.url,
    });
    expect(at(signals, "asn:59257", "bgp", "2024-08-01T00:15:00.000Z")).toBeUndefined(); // the null
    expect(at(signals, "asn:59257", "ping-slash24", "2024-08-01T00:20:00.000Z")?.value).toBe(120);
  });

  it("keeps ping-slash24, bgp and merit-nt and drops gtr", () => {
    const signals = ioda.parse(fixture("ioda-signals-raw-country-PK.recon.json"), requestFor(ioda, "country:PK"));
    expect(new Set(signals.map((s) => s.metric))).toEqual(new Set(["ping-slash24", "bgp", "merit-nt"]));
    expect(signals).toHaveLength(5 + 12 + 12);
    expect(at(signals, "country:PK", "ping-slash24", "2024-08-18T00:20:00.000Z")).toMatchObject({ value: 9021, stepSeconds: 600 });
    expect(at(signals, "country:PK", "merit-nt", "2024-08-18T00:55:00.000Z")?.value).toBe(52004);
  });

  it("takes the baseline from historyValue, never from the misspelt historicValue (§1.5)", () => {
    const signals = ioda.parse(fixture("ioda-signals-raw-region-3087-history.recon.json"), requestFor(ioda, "region:3087"));
    const ping = signals.filter((s) => s.metric === "ping-slash24");
    expect(ping.map((s) => [s.value, s.baseline])).toEqual([
      [6120, 6050],
      [2310, 6050],
      [2295, 6050],
    ]);
    expect(ping.every((s) => s.entity === "region:3087")).toBe(true);
    expect(signals.filter((s) => s.metric === "bgp").map((s) => s.baseline)).toEqual([null, null]);
  });

  it("accepts the recorded envelope, with a datasource it does not keep, as no signals", () => {
    expect(ioda.parse(fixture("ioda-signals-raw-envelope.seen.json"), requestFor(ioda, "country:PK"))).toEqual([]);
  });

  it("throws SignalShapeError on the error envelope (HTTP 400, data null)", () => {
    const error = shapeError(() => ioda.parse(fixture("ioda-error-400.recon.json"), requestFor(ioda, "country:PK")));
    expect(error.source).toBe("ioda");
    expect(error.issues).toContain("less than 100 days");
  });

  it("throws rather than returning a partial list when a kept series holds a non-number", () => {
    const body = fixture("ioda-signals-raw-asn-59257.recon.json") as { data: Array<Array<{ values: unknown[] }>> };
    body.data[0]![1]!.values = [301, "298", 120];
    shapeError(() => ioda.parse(body, requestFor(ioda, "asn:59257")));
  });
});

describe("cloudflare", () => {
  it("asks netflows for Pakistan and each ASN, plus outages and anomalies, with the token only in a header", () => {
    const requests = cloudflare.requests(FROM, TO, OPTIONS);
    expect(requests).toHaveLength(1 + PK_ASNS.length + 2);
    for (const r of requests) {
      expect(r.url.startsWith(`${BASE}/radar/`)).toBe(true);
      expect(r.url).not.toContain(TOKEN);
      expect(r.headers).toEqual({ Authorization: `Bearer ${TOKEN}` });
    }
    const country = new URL(requestFor(cloudflare, "country:PK", "netflows").url);
    expect(country.pathname).toBe("/base/radar/netflows/timeseries");
    expect(Object.fromEntries(country.searchParams)).toEqual({
      name: "all",
      product: "ALL",
      dateStart: "2024-08-18T00:00:00Z",
      dateEnd: "2024-08-25T00:00:00Z",
      aggInterval: "1h",
      normalization: "MIN0_MAX",
      format: "json",
      location: "PK",
    });
    for (const asn of PK_ASNS) expect(new URL(requestFor(cloudflare, `asn:${asn}`, "netflows").url).searchParams.get("asn")).toBe(String(asn));
    expect(requestFor(cloudflare, "country:PK", "outage").url).toContain("/radar/annotations/outages?location=PK&");
    expect(requestFor(cloudflare, "country:PK", "anomaly").url).toContain("/radar/traffic_anomalies?location=PK&");
  });

  it("asks nothing without a token, and never for a dateEnd in the future (§2.4)", () => {
    expect(cloudflare.requests(FROM, TO, { baseUrl: BASE })).toEqual([]);
    const now = Date.now();
    const requests = cloudflare.requests(new Date(now - 3600_000 * 6), new Date(now + 3600_000), OPTIONS);
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(Date.parse(new URL(r.url).searchParams.get("dateEnd")!)).toBeLessThanOrEqual(now - 30 * 60_000);
    }
  });

  it("reads netflows values sent as strings, with meta.dateRange as an object", () => {
    const request = requestFor(cloudflare, "country:PK", "netflows");
    const signals = cloudflare.parse(fixture("cloudflare-netflows-pk.seen.json"), request);
    expect(signals.map((s) => s.value)).toEqual([0.871752, 1, 0.412, 0.020457, 0.655]);
    expect(at(signals, "country:PK", "netflows", "2024-08-18T03:00:00.000Z")).toEqual({
      source: "cloudflare",
      metric: "netflows",
      entity: "country:PK",
      t: new Date("2024-08-18T03:00:00Z"),
      stepSeconds: 3600,
      value: 0.020457,
      baseline: null,
      sampleSize: null,
      url: request.url,
    });
    for (const s of signals) expect(s.url).not.toContain(TOKEN);
  });

  it("reads the current meta (dateRange as an array) and values as numbers or strings", () => {
    const signals = cloudflare.parse(fixture("cloudflare-netflows-asn-17557.recon.json"), requestFor(cloudflare, "asn:17557", "netflows"));
    expect(signals.map((s) => [s.entity, s.t.toISOString(), s.value])).toEqual([
      ["asn:17557", "2024-08-18T00:00:00.000Z", 0.93],
      ["asn:17557", "2024-08-18T01:00:00.000Z", 0.25],
      ["asn:17557", "2024-08-18T02:00:00.000Z", 1],
    ]);
  });

  it("turns an ongoing outage annotation into one signal lasting to the window's end", () => {
    const signals = cloudflare.parse(fixture("cloudflare-annotations-outages.seen.json"), requestFor(cloudflare, "country:PK", "outage"));
    expect(signals).toEqual([
      expect.objectContaining({ metric: "outage", entity: "country:PK", t: new Date("2024-08-23T18:00:00Z"), stepSeconds: 30 * 3600, value: 1 }),
    ]);
  });

  it("reads annotations naming networks, with asnsDetails[].location (recorded) or .locations (SDK)", () => {
    const request = requestFor(cloudflare, "country:PK", "outage");
    const recorded = cloudflare.parse(fixture("cloudflare-annotations.seen.json"), request);
    expect(recorded.map((s) => [s.entity, s.t.toISOString(), s.stepSeconds, s.value])).toEqual([
      ["asn:59257", "2024-08-18T14:00:00.000Z", 9000, 1],
      ["asn:24499", "2024-08-18T14:00:00.000Z", 9000, 1],
    ]);
    const sdk = cloudflare.parse(fixture("cloudflare-annotations-sdk-locations.recon.json"), request);
    expect(sdk.map((s) => [s.entity, s.stepSeconds])).toEqual([
      ["asn:17557", 3600],
      ["geoid:2267057", 6 * 3600],
    ]);
  });

  it("reads an empty annotation list as no signals", () => {
    expect(cloudflare.parse(fixture("cloudflare-annotations-empty.recon.json"), requestFor(cloudflare, "country:PK", "outage"))).toEqual([]);
  });

  it("reads traffic anomalies per AS and per location, an ongoing one up to dateEnd", () => {
    const signals = cloudflare.parse(fixture("cloudflare-traffic-anomalies.recon.json"), requestFor(cloudflare, "country:PK", "anomaly"));
    expect(signals.map((s) => [s.metric, s.entity, s.t.toISOString(), s.stepSeconds, s.value])).toEqual([
      ["anomaly", "asn:59257", "2024-08-18T05:45:00.000Z", 11_700, 1],
      ["anomaly", "country:PK", "2024-08-24T20:00:00.000Z", 4 * 3600, 1],
    ]);
  });

  it("throws SignalShapeError on success:false with its errors", () => {
    const error = shapeError(() => cloudflare.parse(fixture("cloudflare-error.recon.json"), requestFor(cloudflare, "country:PK", "netflows")));
    expect(error.issues).toContain("10000 Authentication error");
  });

  it("throws when timestamps and values differ in length or a value is not a number", () => {
    const request = requestFor(cloudflare, "country:PK", "netflows");
    const body = fixture("cloudflare-netflows-pk.seen.json") as { result: { all: { values: unknown[] } } };
    shapeError(() => cloudflare.parse({ ...body, result: { ...body.result, all: { ...body.result.all, values: ["1"] } } }, request));
    body.result.all.values[2] = "n/a";
    shapeError(() => cloudflare.parse(body, request));
  });
});

describe("ooni", () => {
  it("asks the aggregation API per test, per day × probe_asn, for Pakistan, without a token", () => {
    const requests = ooni.requests(FROM, TO, OPTIONS);
    expect(requests.map((r) => r.metric)).toEqual(["whatsapp", "telegram", "signal", "facebook_messenger", "web_connectivity"]);
    for (const r of requests) {
      const url = new URL(r.url);
      expect(url.origin + url.pathname).toBe(`${BASE}/api/v1/aggregation`);
      expect(url.searchParams.get("probe_cc")).toBe("PK");
      expect(url.searchParams.get("since")).toBe("2024-08-18");
      expect(url.searchParams.get("until")).toBe("2024-08-25");
      expect(url.searchParams.get("axis_x")).toBe("measurement_start_day");
      expect(url.searchParams.get("axis_y")).toBe("probe_asn");
      expect(url.searchParams.get("time_grain")).toBe("hour");
      expect(r.headers).toEqual({});
      expect(r.url).not.toContain(TOKEN);
    }
    expect(new URL(requests[4]!.url).searchParams.get("category_code")).toBe("ANON");
    expect(new URL(requests[0]!.url).searchParams.get("category_code")).toBeNull();
  });

  it("covers a range in whole UTC days of at most a week each (hourly rows allow 7 days, §3.2)", () => {
    const requests = ooni.requests(new Date("2024-08-18T10:00:00Z"), new Date("2024-08-26T01:00:00Z"), OPTIONS);
    const windows = [...new Set(requests.map((r) => `${new URL(r.url).searchParams.get("since")}..${new URL(r.url).searchParams.get("until")}`))];
    expect(windows).toEqual(["2024-08-18..2024-08-25", "2024-08-25..2024-08-27"]);
  });

  it("reads day rows as the share of anomalous or confirmed tests, with the count as sample size", () => {
    const request = requestFor(ooni, "country:PK", "web_connectivity");
    const signals = ooni.parse(fixture("ooni-aggregation-by-day.seen.json"), request);
    expect(signals).toHaveLength(2);
    expect(signals[0]).toEqual({
      source: "ooni",
      metric: "web_connectivity",
      entity: "country:PK",
      t: new Date("2024-08-18T00:00:00Z"),
      stepSeconds: 86_400,
      value: (412 + 37) / 5665,
      baseline: null,
      sampleSize: 5665,
      url: request.url,
    });
  });

  it("reads probe_asn as an integer, skips empty rows and adds the country's sum", () => {
    const signals = ooni.parse(fixture("ooni-aggregation-whatsapp-asn-day.recon.json"), requestFor(ooni, "country:PK", "whatsapp"));
    expect(signals.map((s) => [s.entity, s.t.toISOString().slice(0, 10), s.value, s.sampleSize])).toEqual([
      ["asn:17557", "2024-08-18", 0, 3],
      ["asn:59257", "2024-08-18", 0.5, 20],
      ["asn:59257", "2024-08-19", 0.5, 10],
      ["country:PK", "2024-08-18", 10 / 23, 23],
      ["country:PK", "2024-08-19", 0.5, 10],
    ]);
    expect(signals.every((s) => s.metric === "whatsapp" && s.stepSeconds === 86_400)).toBe(true);
    expect(signals.some((s) => s.entity === "asn:45669")).toBe(false); // measurement_count 0
  });

  it("reads probe_asn as an AS… string and hour-format rows", () => {
    const signals = ooni.parse(fixture("ooni-aggregation-signal-asn-hour.recon.json"), requestFor(ooni, "country:PK", "signal"));
    expect(signals.map((s) => [s.entity, s.t.toISOString(), s.stepSeconds, s.value, s.sampleSize])).toEqual([
      ["asn:17557", "2024-08-18T02:00:00.000Z", 3600, 1, 4],
      ["asn:45669", "2024-08-18T02:00:00.000Z", 3600, 0.25, 4],
      ["asn:17557", "2024-08-18T03:00:00.000Z", 3600, 0, 2],
      ["country:PK", "2024-08-18T02:00:00.000Z", 3600, 5 / 8, 8],
      ["country:PK", "2024-08-18T03:00:00.000Z", 3600, 0, 2],
    ]);
  });

  it("throws SignalShapeError on the quota error and on bodies without a time axis", () => {
    const request = requestFor(ooni, "country:PK", "whatsapp");
    expect(shapeError(() => ooni.parse(fixture("ooni-error-quota.recon.json"), request)).issues).toContain("quota exceeded");
    shapeError(() => ooni.parse(fixture("ooni-aggregation-0d.seen.json"), request));
    shapeError(() => ooni.parse(fixture("ooni-aggregation-by-test.seen.json"), request));
  });
});

describe("every fixture", () => {
  const ok = (client: SourceClient, entity: string, metric: string | null, count: number) => ({ client, entity, metric, count });
  const bad = (client: SourceClient, entity: string, metric: string | null) => ({ client, entity, metric, count: "throws" as const });
  const EXPECTED: Record<string, ReturnType<typeof ok> | ReturnType<typeof bad>> = {
    "ioda-signals-raw-envelope.seen.json": ok(ioda, "country:PK", null, 0),
    "ioda-signals-raw-asn-59257.recon.json": ok(ioda, "asn:59257", null, 7),
    "ioda-signals-raw-country-PK.recon.json": ok(ioda, "country:PK", null, 29),
    "ioda-signals-raw-region-3087-history.recon.json": ok(ioda, "region:3087", null, 5),
    "ioda-error-400.recon.json": bad(ioda, "country:PK", null),
    "ioda-outages-alerts.recon.json": bad(ioda, "asn:17557", null),
    "ioda-outages-events.recon.json": bad(ioda, "asn:17557", null),
    "ioda-outages-summary.seen.json": bad(ioda, "country:PK", null),
    "cloudflare-annotations-outages.seen.json": ok(cloudflare, "country:PK", "outage", 1),
    "cloudflare-annotations.seen.json": ok(cloudflare, "country:PK", "outage", 2),
    "cloudflare-annotations-sdk-locations.recon.json": ok(cloudflare, "country:PK", "outage", 2),
    "cloudflare-annotations-empty.recon.json": ok(cloudflare, "country:PK", "outage", 0),
    "cloudflare-traffic-anomalies.recon.json": ok(cloudflare, "country:PK", "anomaly", 2),
    "cloudflare-netflows-pk.seen.json": ok(cloudflare, "country:PK", "netflows", 5),
    "cloudflare-netflows-asn-17557.recon.json": ok(cloudflare, "asn:17557", "netflows", 3),
    "cloudflare-error.recon.json": bad(cloudflare, "country:PK", "netflows"),
    "ooni-aggregation-0d.seen.json": bad(ooni, "country:PK", "whatsapp"),
    "ooni-aggregation-by-test.seen.json": bad(ooni, "country:PK", "whatsapp"),
    "ooni-aggregation-by-day.seen.json": ok(ooni, "country:PK", "web_connectivity", 2),
    "ooni-aggregation-whatsapp-asn-day.recon.json": ok(ooni, "country:PK", "whatsapp", 5),
    "ooni-aggregation-signal-asn-hour.recon.json": ok(ooni, "country:PK", "signal", 5),
    "ooni-measurements-list.seen.json": bad(ooni, "country:PK", "web_connectivity"),
    "ooni-changepoints.recon.json": bad(ooni, "country:PK", "web_connectivity"),
    "ooni-error-quota.recon.json": bad(ooni, "country:PK", "whatsapp"),
  };

  it("is listed here and in the fixtures README", () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));
    const readme = fs.readFileSync(path.join(FIXTURES, "README.md"), "utf8");
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const file of files) expect(readme).toContain(`\`${file}\``);
  });

  it.each(Object.entries(EXPECTED))("%s parses as expected", (file, { client, entity, metric, count }) => {
    const request = requestFor(client, entity, metric);
    const run = () => client.parse(fixture(file), request);
    if (count === "throws") {
      expect(shapeError(run).source).toBe(client.source);
      return;
    }
    const signals = run();
    expect(signals).toHaveLength(count);
    for (const s of signals) {
      expect(s.source).toBe(client.source);
      expect(Number.isFinite(s.value)).toBe(true);
      expect(Number.isNaN(s.t.getTime())).toBe(false);
      expect(s.stepSeconds).toBeGreaterThan(0);
      expect(s.url).toBe(request.url);
    }
  });
});

describe("fetchSource", () => {
  let server: Server;
  let base = "";
  let seen: { url: string; authorization: string | undefined } | null = null;
  const body = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    "/cf/radar/netflows/timeseries": (req, res) => {
      seen = { url: req.url ?? "", authorization: req.headers.authorization };
      res.writeHead(200, { "content-type": "application/json" }).end(body("cloudflare-netflows-pk.seen.json"));
    },
    "/ooni/api/v1/aggregation": (_req, res) =>
      res.writeHead(429, { "content-type": "application/json", "retry-after": "120" }).end(body("ooni-error-quota.recon.json")),
    "/dated/api/v1/aggregation": (_req, res) =>
      res.writeHead(429, { "retry-after": new Date(Date.now() + 90_000).toUTCString() }).end(),
    "/broken/api/v1/aggregation": (_req, res) => res.writeHead(500, { "content-type": "text/plain" }).end("internal error"),
    "/ioda/signals/raw/country/PK": (_req, res) =>
      res.writeHead(400, { "content-type": "application/json" }).end(body("ioda-error-400.recon.json")),
    "/html/signals/raw/country/PK": (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>"),
    "/shape/signals/raw/country/PK": (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(body("ioda-outages-alerts.recon.json")),
    "/slow/signals/raw/country/PK": (_req, res) => {
      const timer = setTimeout(() => res.writeHead(200).end("{}"), 2_000);
      res.on("close", () => clearTimeout(timer));
    },
    "/stall/signals/raw/country/PK": (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"signals","data":[');
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes[new URL(req.url ?? "/", "http://x").pathname];
      if (route) route(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const first = (client: SourceClient, prefix: string, entity: string, metric: string | null = null) => {
    const found = client.requests(FROM, TO, { baseUrl: `${base}${prefix}`, token: TOKEN }).find((r) => r.entity === entity && (metric === null || r.metric === metric));
    if (!found) throw new Error("no request");
    return found;
  };
  async function failure(run: () => Promise<unknown>): Promise<unknown> {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error("expected a failure");
  }

  it("returns the signals of a good answer, having sent the token as a header and not in the URL", async () => {
    const request = first(cloudflare, "/cf", "country:PK", "netflows");
    const { signals } = await fetchSource(cloudflare, request);
    expect(signals).toHaveLength(5);
    expect(seen?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen?.url).not.toContain(TOKEN);
    expect(signals.every((s) => !s.url.includes(TOKEN))).toBe(true);
  });

  it("turns a 429 into SourceHttpError with Retry-After in seconds", async () => {
    const error = await failure(() => fetchSource(ooni, first(ooni, "/ooni", "country:PK", "whatsapp")));
    expect(error).toBeInstanceOf(SourceHttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, source: "ooni" });
    expect((error as Error).message).toContain("quota exceeded");
  });

  it("reads Retry-After given as an HTTP date", async () => {
    const error = (await failure(() => fetchSource(ooni, first(ooni, "/dated", "country:PK", "whatsapp")))) as SourceHttpError;
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBeGreaterThan(85_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it("turns a 500 into SourceHttpError without Retry-After", async () => {
    const error = await failure(() => fetchSource(ooni, first(ooni, "/broken", "country:PK", "whatsapp")));
    expect(error).toBeInstanceOf(SourceHttpError);
    expect(error).toMatchObject({ status: 500, retryAfterMs: null });
  });

  it("turns IODA's 400 error envelope into SourceHttpError carrying its message", async () => {
    const error = await failure(() => fetchSource(ioda, first(ioda, "/ioda", "country:PK")));
    expect(error).toBeInstanceOf(SourceHttpError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toContain("less than 100 days");
  });

  it("turns a body that is not JSON, or JSON of another shape, into SignalShapeError", async () => {
    expect(await failure(() => fetchSource(ioda, first(ioda, "/html", "country:PK")))).toBeInstanceOf(SignalShapeError);
    expect(await failure(() => fetchSource(ioda, first(ioda, "/shape", "country:PK")))).toBeInstanceOf(SignalShapeError);
  });

  it("gives up on a slow answer, or a stalled body, as SourceHttpError with status 0", async () => {
    for (const prefix of ["/slow", "/stall"]) {
      const started = Date.now();
      const error = await failure(() => fetchSource(ioda, first(ioda, prefix, "country:PK"), { timeoutMs: 150 }));
      expect(error).toBeInstanceOf(SourceHttpError);
      expect(error).toMatchObject({ status: 0, retryAfterMs: null });
      expect(Date.now() - started).toBeLessThan(1_500);
    }
  });

  it("turns a refused connection into SourceHttpError with status 0", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const request = ioda.requests(FROM, TO, { baseUrl: `http://127.0.0.1:${port}/v2` })[0]!;
    const error = await failure(() => fetchSource(ioda, request));
    expect(error).toBeInstanceOf(SourceHttpError);
    expect(error).toMatchObject({ status: 0 });
  });

  it("uses the fetch it is given", async () => {
    const calls: string[] = [];
    const fake = (async (input: string | URL | Request) => {
      calls.push(String(input));
      return new Response(JSON.stringify(fixture("cloudflare-annotations-empty.recon.json")), { status: 200 });
    }) as typeof fetch;
    const request = requestFor(cloudflare, "country:PK", "outage");
    expect(await fetchSource(cloudflare, request, { fetch: fake })).toEqual({ signals: [] });
    expect(calls).toEqual([request.url]);
  });
});

describe("backoffMs", () => {
  it("doubles from a minute, caps at six hours, and never undercuts Retry-After", () => {
    expect(backoffMs(0, null)).toBe(0);
    expect(backoffMs(1, null)).toBe(60_000);
    expect(backoffMs(2, null)).toBe(120_000);
    expect(backoffMs(3, null)).toBe(240_000);
    expect(backoffMs(9, null)).toBe(256 * 60_000);
    expect(backoffMs(10, null)).toBe(6 * 3600_000);
    expect(backoffMs(10_000, null)).toBe(6 * 3600_000);
    expect(backoffMs(1, 300_000)).toBe(300_000);
    expect(backoffMs(5, 1_000)).toBe(960_000);
    expect(backoffMs(20, 8 * 3600_000)).toBe(8 * 3600_000);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2024-08-18T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Sun, 18 Aug 2024 00:01:30 GMT", now)).toBe(90_000);
    expect(parseRetryAfter("Sat, 17 Aug 2024 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

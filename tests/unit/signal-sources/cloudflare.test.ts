import { describe, expect, it } from "vitest";
import { cloudflare } from "@/lib/signals/cloudflare";
import { at, BASE, fixture, FROM, OPTIONS, PK_ASNS, requestFor, shapeError, TO, TOKEN } from "./support";

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

import { describe, expect, it } from "vitest";
import { PROVINCES } from "@/lib/reference";
import { IODA_REGIONS } from "@/lib/signals/entities";
import { ioda } from "@/lib/signals/ioda";
import { at, BASE, fixture, FROM, OPTIONS, PK_ASNS, requestFor, shapeError, TO, TOKEN } from "./support";

describe("ioda", () => {
  it("asks signals/raw for Pakistan, each of its ASNs and each province, at the given base URL, without a token", () => {
    const requests = ioda.requests(FROM, TO, OPTIONS);
    const entities = requests.map((r) => r.entity);
    expect(entities).toContain("country:PK");
    for (const asn of PK_ASNS) expect(entities).toContain(`asn:${asn}`);
    expect(PROVINCES.map((p) => IODA_REGIONS[p.slug])).not.toContain(undefined);
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

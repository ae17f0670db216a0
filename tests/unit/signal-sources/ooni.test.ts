import { describe, expect, it } from "vitest";
import { ooni } from "@/lib/signals/ooni";
import { BASE, fixture, FROM, OPTIONS, requestFor, shapeError, TO, TOKEN } from "./support";

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

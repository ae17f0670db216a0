import { describe, expect, it } from "vitest";
import { DROP_AGREES, incidentEntities, verdictFor, type SignalPoint } from "@/lib/signals/verdict";

// The corroboration rule /methodology publishes (lib/signals/verdict.ts).

const H = 3600_000;
const T0 = Date.UTC(2024, 10, 25, 7);
const incident = { start: T0, end: T0 + 2 * H, scopes: [{ kind: "service" as const, key: "whatsapp" }, { kind: "isp" as const, key: "zong" }] };
const point = (o: Omit<Partial<SignalPoint>, "t"> & { t: number; value: number }): SignalPoint => ({
  source: "ioda",
  metric: "ping-slash24",
  entity: "asn:59257",
  stepSeconds: 600,
  baseline: null,
  sampleSize: null,
  ...o,
  t: new Date(o.t).toISOString(),
});
/** A week of a steady series before the incident, then `during` while it lasts. */
const series = (during: number, o: Omit<Partial<SignalPoint>, "t"> = {}) => [
  ...Array.from({ length: 7 * 24 }, (_, i) => point({ ...o, t: T0 - (i + 1) * H, value: 1000 })),
  ...Array.from({ length: 12 }, (_, i) => point({ ...o, t: T0 + i * 600_000, value: during })),
];

describe("the corroboration verdict", () => {
  it("reads the incident's networks, provinces and the country", () => {
    expect(incidentEntities(incident.scopes).sort()).toEqual(["asn:138423", "asn:59257", "country:PK"]);
    expect(incidentEntities([{ kind: "district", key: "lahore" }])).toEqual(expect.arrayContaining(["region:3087", "country:PK"]));
  });

  it("agrees when active probing falls at least the threshold below the week before", () => {
    const v = verdictFor(incident, series(620));
    expect(v.level).toBe("agree");
    expect(v.findings[0]).toMatchObject({ source: "ioda", entity: "asn:59257", kind: "drop", agrees: true });
    expect((v.findings[0] as { drop: number }).drop).toBeCloseTo(0.38);
  });

  it("uses the source's own baseline where it gives one", () => {
    const v = verdictFor(incident, series(900, { baseline: 1800 }));
    expect((v.findings[0] as { drop: number }).drop).toBeCloseTo(0.5);
  });

  it("does not agree with a dip under the threshold, and says so", () => {
    const v = verdictFor(incident, series(1000 * (1 - DROP_AGREES / 2)));
    expect(v.level).toBe("no-change");
    expect(v.findings[0]).toMatchObject({ agrees: false });
  });

  it("counts OONI's tests of the incident's own services, weighted by tests, with a minimum", () => {
    const ooni = (value: number, n: number, metric = "whatsapp") =>
      point({ source: "ooni", metric, entity: "asn:59257", t: Date.UTC(2024, 10, 25), stepSeconds: 86_400, value, sampleSize: n });
    expect(verdictFor(incident, [ooni(0.41, 40)])).toMatchObject({ level: "agree", findings: [{ kind: "anomalous", tests: 40, agrees: true }] });
    expect(verdictFor(incident, [ooni(0.5, 3)]).level).toBe("no-change");
    // Telegram's tests say nothing about a WhatsApp incident.
    expect(verdictFor(incident, [ooni(0.9, 50, "telegram")]).level).toBe("none");
  });

  it("agrees with an outage annotation that overlaps, and ignores one that does not", () => {
    const annotation = (t: number) => point({ source: "cloudflare", metric: "outage", entity: "country:PK", t, stepSeconds: 3 * 3600, value: 1 });
    expect(verdictFor(incident, [annotation(T0 - H)]).level).toBe("agree");
    expect(verdictFor(incident, [annotation(T0 - 10 * H)]).level).toBe("none");
  });

  it("says none when nothing covers the incident, never implying agreement", () => {
    expect(verdictFor(incident, [])).toEqual({ level: "none", findings: [] });
    expect(verdictFor(incident, series(100, { entity: "asn:17557" })).level).toBe("none");
  });
});

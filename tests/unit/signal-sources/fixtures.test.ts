import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cloudflare } from "@/lib/signals/cloudflare";
import { ioda } from "@/lib/signals/ioda";
import { ooni } from "@/lib/signals/ooni";
import type { SourceClient } from "@/lib/signals/types";
import { fixture, FIXTURES, requestFor, shapeError } from "./support";

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

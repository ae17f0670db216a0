import { describe, expect, it } from "vitest";
import { parseReport } from "@/lib/reports/report-schema";
import { parseReportForm } from "@/lib/reports/form-input";
import { kbpsOf, MAX_PROBES } from "@/lib/reports/probes";
import { REFERENCE_PROBES, isProbeDomain, probeDomainOf } from "@/lib/reference/probe-domains";
import { NOW, accepted, body, firstIssue } from "@/tests/support/report-input";

// The optional "measure my connection" figures a report may carry: a download
// rate (speedKbps) and up to ten reach tests of service domains.

const probe = (overrides: Record<string, unknown> = {}) => ({ domain: "whatsapp.com", ok: false, ms: 5000, ...overrides });

describe("report probes", () => {
  it("accepts reach tests of service domains and keeps them as sent", () => {
    const probes = [probe(), probe({ domain: "google.com", ok: true, ms: 180 })];
    expect(accepted(parseReport(body({ probes, speedKbps: 240 }), NOW))).toMatchObject({ probes, speedKbps: 240 });
  });

  it("accepts a report without them", () => {
    expect(accepted(parseReport(body(), NOW)).probes).toBeUndefined();
  });

  it.each([
    ["a domain no service has", [probe({ domain: "example.org" })], "probes.0.domain", "unknown_domain"],
    ["a URL instead of a domain", [probe({ domain: "https://whatsapp.com/" })], "probes.0.domain", "unknown_domain"],
    ["ok that is not a boolean", [probe({ ok: "yes" })], "probes.0.ok", "invalid_probe"],
    ["a negative time", [probe({ ms: -1 })], "probes.0.ms", "invalid_probe"],
    ["a fractional time", [probe({ ms: 1.5 })], "probes.0.ms", "invalid_probe"],
    ["a time over a minute", [probe({ ms: 60_001 })], "probes.0.ms", "invalid_probe"],
    ["a field probes do not have", [probe({ status: 200 })], "probes.0.status", "unknown_field"],
    ["an entry that is not an object", ["whatsapp.com"], "probes.0", "invalid_probe"],
    ["a list that is not a list", "whatsapp.com", "probes", "invalid_probe"],
    [`more than ${MAX_PROBES} entries`, Array.from({ length: MAX_PROBES + 1 }, () => probe()), "probes", "too_many_probes"],
  ])("rejects %s, naming the field", (_what, probes, field, code) => {
    expect(firstIssue(body({ probes }))).toEqual({ field, code });
  });

  it("takes the measurement from the form's hidden fields", () => {
    const probes = [probe({ domain: "youtube.com", ok: true, ms: 320 })];
    const parsed = parseReportForm(
      { place: "Karachi", isp: "zong", connection: "mobile", service: "youtube", problem: "slow", speedKbps: "312", probes: JSON.stringify(probes) },
      NOW,
    );
    expect(parsed.ok && parsed.report).toMatchObject({ speedKbps: 312, probes });
  });

  it("shows a malformed measurement as an error of the measurement, not a crash", () => {
    const parsed = parseReportForm(
      { place: "Karachi", isp: "zong", connection: "mobile", service: "youtube", problem: "slow", probes: "[{" },
      NOW,
    );
    expect(parsed.ok ? {} : parsed.errors).toEqual({ measure: "invalid_probe" });
  });
});

describe("what the form tries to reach", () => {
  it("tries a service's first domain, and two reference sites that are service domains too", () => {
    expect(probeDomainOf("whatsapp")).toBe("whatsapp.com");
    expect(probeDomainOf("internet")).toBeUndefined();
    expect(REFERENCE_PROBES).toEqual(["google.com", "wikipedia.org"]);
    for (const domain of REFERENCE_PROBES) expect(isProbeDomain(domain)).toBe(true);
  });
});

describe("kbpsOf", () => {
  it("is kilobits per second: 100 kB in 2 s is 400 kbit/s", () => {
    expect(kbpsOf(100_000, 2000)).toBe(400);
  });
  it("gives no figure when too little arrived or no time passed", () => {
    expect(kbpsOf(2_000, 1000)).toBeNull();
    expect(kbpsOf(100_000, 0)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { parseReport } from "@/lib/reports/report-schema";
import { NOW, accepted, base, body, firstIssue, issuesOf } from "@/tests/support/report-input";

// Accepting and rejecting the fields of a report body. Time and location have
// their own file (report-time-location.test.ts); the words for each error code,
// theirs (error-messages.test.ts).

describe("parseReport: valid reports", () => {
  it("accepts a minimal valid report and defaults observedAt to now", () => {
    const report = accepted(parseReport(body(), NOW));
    expect(report).toEqual({
      area: "karachi-south",
      isp: "zong",
      service: "whatsapp",
      connection: "mobile",
      problem: "media_fails",
      observedAt: NOW,
      location: undefined,
      speedKbps: undefined,
      comment: undefined,
      viaVpn: undefined,
      complaintRef: undefined,
      clientReportId: undefined,
    });
  });

  it("accepts every optional field and returns them", () => {
    const report = accepted(
      parseReport(
        body({
          observedAt: "2024-11-21T07:10:00Z",
          location: { lat: 24.86, lon: 67.01 },
          speedKbps: 120,
          comment: "voice notes stuck",
          viaVpn: false,
          complaintRef: "PTA-1234567",
          clientReportId: "3f0e6a9c-8a41-4c53-9d55-2a0b7c1e9f10",
        }),
        NOW,
      ),
    );
    expect(report).toEqual({
      ...base,
      observedAt: new Date("2024-11-21T07:10:00Z"),
      location: { lat: 24.86, lon: 67.01 },
      speedKbps: 120,
      comment: "voice notes stuck",
      viaVpn: false,
      complaintRef: "PTA-1234567",
      clientReportId: "3f0e6a9c-8a41-4c53-9d55-2a0b7c1e9f10",
    });
  });

  it("accepts an observedAt with a numeric offset and reads it as that instant", () => {
    const report = accepted(parseReport(body({ observedAt: "2024-11-21T15:10:00+05:00" }), NOW));
    expect(report.observedAt.toISOString()).toBe("2024-11-21T10:10:00.000Z");
  });

  it("trims slugs, comment and complaint reference", () => {
    const report = accepted(
      parseReport(
        body({ area: "  karachi-south ", isp: " zong", service: "whatsapp  ", comment: "  slow  ", complaintRef: " PTA-1 " }),
        NOW,
      ),
    );
    expect(report.area).toBe("karachi-south");
    expect(report.isp).toBe("zong");
    expect(report.service).toBe("whatsapp");
    expect(report.comment).toBe("slow");
    expect(report.complaintRef).toBe("PTA-1");
  });

  it("drops a comment or complaint reference that is only spaces", () => {
    const report = accepted(parseReport(body({ comment: "   ", complaintRef: "" }), NOW));
    expect(report.comment).toBeUndefined();
    expect(report.complaintRef).toBeUndefined();
  });

  it("accepts a comment of exactly 500 characters and a complaint reference of exactly 40", () => {
    const report = accepted(parseReport(body({ comment: "a".repeat(500), complaintRef: "b".repeat(40) }), NOW));
    expect(report.comment).toHaveLength(500);
    expect(report.complaintRef).toHaveLength(40);
  });

  it("accepts speeds 0 and 10,000,000 kbit/s", () => {
    expect(accepted(parseReport(body({ speedKbps: 0 }), NOW)).speedKbps).toBe(0);
    expect(accepted(parseReport(body({ speedKbps: 10_000_000 }), NOW)).speedKbps).toBe(10_000_000);
  });
});

describe("parseReport: required fields and reference data", () => {
  it.each(["area", "isp", "connection", "service", "problem"])("rejects a report missing %s as required", (field) => {
    const input: Record<string, unknown> = body();
    delete input[field];
    expect(issuesOf(parseReport(input, NOW))).toEqual([{ field, code: "required" }]);
  });

  it("names every missing field of an empty object", () => {
    const issues = issuesOf(parseReport({}, NOW));
    expect(issues.map((i) => i.field).sort()).toEqual(["area", "connection", "isp", "problem", "service"]);
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(["required"]));
  });

  it("rejects an empty or blank area as required", () => {
    expect(firstIssue(body({ area: "" }))).toEqual({ field: "area", code: "required" });
    expect(firstIssue(body({ area: "   " }))).toEqual({ field: "area", code: "required" });
  });

  it("rejects an unknown area slug", () => {
    expect(firstIssue(body({ area: "atlantis" }))).toEqual({ field: "area", code: "unknown_area" });
  });

  // BUG: the area refinements are not chained with abort, so an unknown slug
  // also fails isDistrict and the API lists a second, misleading issue
  // "area: must be a district, not a province" for "atlantis".
  it("reports only unknown_area (not also not_a_district) for an unknown area slug", () => {
    expect(issuesOf(parseReport(body({ area: "atlantis" }), NOW))).toEqual([{ field: "area", code: "unknown_area" }]);
  });

  it("rejects a province where a district is required", () => {
    expect(issuesOf(parseReport(body({ area: "sindh" }), NOW))).toEqual([{ field: "area", code: "not_a_district" }]);
  });

  it("rejects an area slug in the wrong case", () => {
    expect(firstIssue(body({ area: "Karachi-South" }))).toEqual({ field: "area", code: "unknown_area" });
  });

  it("rejects an unknown ISP", () => {
    expect(firstIssue(body({ isp: "acme-telecom" }))).toEqual({ field: "isp", code: "unknown_isp" });
  });

  it("rejects an unknown service", () => {
    expect(firstIssue(body({ service: "myspace" }))).toEqual({ field: "service", code: "unknown_service" });
  });

  it("rejects a connection other than mobile or fixed", () => {
    expect(issuesOf(parseReport(body({ connection: "wifi" }), NOW))).toEqual([
      { field: "connection", code: "unknown_connection" },
    ]);
    expect(firstIssue(body({ connection: 1 }))).toEqual({ field: "connection", code: "unknown_connection" });
  });

  it("rejects a problem that is not listed", () => {
    expect(issuesOf(parseReport(body({ problem: "down" }), NOW))).toEqual([
      { field: "problem", code: "unknown_problem" },
    ]);
  });

  it("rejects a slug that is not a string as invalid", () => {
    expect(firstIssue(body({ isp: 42 }))).toEqual({ field: "isp", code: "invalid" });
    expect(firstIssue(body({ area: null }))).toEqual({ field: "area", code: "invalid" });
  });
});

describe("parseReport: optional fields", () => {
  it.each([
    ["negative", -1],
    ["not an integer", 12.5],
    ["over 10,000,000", 10_000_001],
    ["a string", "120"],
    ["not finite", Number.POSITIVE_INFINITY],
  ])("rejects a speed that is %s", (_name, speedKbps) => {
    expect(issuesOf(parseReport(body({ speedKbps }), NOW))).toEqual([{ field: "speedKbps", code: "invalid_speed" }]);
  });

  it("rejects a comment of 501 characters as too long", () => {
    expect(issuesOf(parseReport(body({ comment: "a".repeat(501) }), NOW))).toEqual([
      { field: "comment", code: "too_long" },
    ]);
  });

  it("measures comment length after trimming", () => {
    expect(accepted(parseReport(body({ comment: ` ${"a".repeat(500)} ` }), NOW)).comment).toHaveLength(500);
  });

  it("rejects a complaint reference of 41 characters as too long", () => {
    expect(issuesOf(parseReport(body({ complaintRef: "x".repeat(41) }), NOW))).toEqual([
      { field: "complaintRef", code: "too_long" },
    ]);
  });

  it("rejects a clientReportId that is not a UUID", () => {
    expect(issuesOf(parseReport(body({ clientReportId: "report-1" }), NOW))).toEqual([
      { field: "clientReportId", code: "invalid_client_report_id" },
    ]);
  });

  it("rejects a viaVpn that is not a boolean", () => {
    expect(firstIssue(body({ viaVpn: "yes" }))).toEqual({ field: "viaVpn", code: "invalid" });
  });

  it("rejects a comment that is not a string", () => {
    expect(firstIssue(body({ comment: 5 }))).toEqual({ field: "comment", code: "invalid" });
  });
});

describe("parseReport: body shape", () => {
  it("rejects an unknown extra field, naming the key", () => {
    expect(issuesOf(parseReport(body({ reporterName: "Ali" }), NOW))).toEqual([
      { field: "reporterName", code: "unknown_field" },
    ]);
  });

  it.each([
    ["an array", []],
    ["null", null],
    ["a string", "area=karachi-south"],
    ["a number", 42],
    ["undefined", undefined],
  ])("rejects a body that is %s as invalid_body", (_name, input) => {
    expect(issuesOf(parseReport(input, NOW))).toEqual([{ field: "", code: "invalid_body" }]);
  });
});

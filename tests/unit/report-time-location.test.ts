import { describe, expect, it } from "vitest";
import { parseReport } from "@/lib/reports/report-schema";
import { NOW, accepted, at, body, firstIssue, hours, issuesOf, minutes } from "@/tests/support/report-input";

// When and where: parseReport's checks on observedAt (the future tolerance,
// the 72-hour window, ISO 8601 with an offset) and on the optional location.

describe("parseReport: time", () => {
  it("accepts a report one minute in the future and clamps it to now", () => {
    const report = accepted(parseReport(body({ observedAt: at(minutes(1)) }), NOW));
    expect(report.observedAt).toEqual(NOW);
  });

  it("accepts a report exactly at the two-minute tolerance, clamped to now", () => {
    expect(accepted(parseReport(body({ observedAt: at(minutes(2)) }), NOW)).observedAt).toEqual(NOW);
  });

  it("rejects a report from the future beyond the two-minute tolerance", () => {
    expect(issuesOf(parseReport(body({ observedAt: at(minutes(2) + 1000) }), NOW))).toEqual([
      { field: "observedAt", code: "in_future" },
    ]);
    expect(issuesOf(parseReport(body({ observedAt: at(hours(1)) }), NOW))).toEqual([
      { field: "observedAt", code: "in_future" },
    ]);
  });

  it("accepts a report exactly 72 hours old", () => {
    expect(accepted(parseReport(body({ observedAt: at(-hours(72)) }), NOW)).observedAt.toISOString()).toBe(
      at(-hours(72)),
    );
  });

  it("rejects a report older than 72 hours", () => {
    expect(issuesOf(parseReport(body({ observedAt: at(-hours(72) - 1000) }), NOW))).toEqual([
      { field: "observedAt", code: "too_old" },
    ]);
  });

  it("rejects a time without an offset", () => {
    expect(issuesOf(parseReport(body({ observedAt: "2024-11-21T07:10:00" }), NOW))).toEqual([
      { field: "observedAt", code: "invalid_time" },
    ]);
  });

  it("rejects a time that is not ISO 8601", () => {
    expect(firstIssue(body({ observedAt: "21/11/2024 07:10" }))).toEqual({ field: "observedAt", code: "invalid_time" });
    expect(firstIssue(body({ observedAt: 1732173000000 }))).toEqual({ field: "observedAt", code: "invalid_time" });
  });

  it("uses the now it is given, not the wall clock", () => {
    const past = new Date("2020-01-01T00:00:00Z");
    expect(accepted(parseReport(body({ observedAt: "2019-12-31T23:00:00Z" }), past)).observedAt.toISOString()).toBe(
      "2019-12-31T23:00:00.000Z",
    );
  });
});

describe("parseReport: location", () => {
  it("accepts a location inside the district's province (Karachi for karachi-south)", () => {
    expect(accepted(parseReport(body({ location: { lat: 24.86, lon: 67.01 } }), NOW)).location).toEqual({
      lat: 24.86,
      lon: 67.01,
    });
  });

  it("rejects a location outside the district's province (Lahore for karachi-south)", () => {
    expect(issuesOf(parseReport(body({ location: { lat: 31.558, lon: 74.3507 } }), NOW))).toEqual([
      { field: "location", code: "outside_province" },
    ]);
  });

  it("accepts Lahore coordinates for the lahore district", () => {
    expect(accepted(parseReport(body({ area: "lahore", location: { lat: 31.558, lon: 74.3507 } }), NOW)).location).toEqual(
      { lat: 31.558, lon: 74.3507 },
    );
  });

  it("rejects a point in the sea off Karachi", () => {
    expect(firstIssue(body({ location: { lat: 23.5, lon: 65.5 } }))).toEqual({
      field: "location",
      code: "outside_province",
    });
  });

  it("rejects a latitude or longitude out of range", () => {
    expect(issuesOf(parseReport(body({ location: { lat: 91, lon: 67 } }), NOW))).toEqual([
      { field: "location.lat", code: "invalid_location" },
    ]);
    expect(firstIssue(body({ location: { lat: -90.5, lon: 67 } }))).toEqual({
      field: "location.lat",
      code: "invalid_location",
    });
    expect(firstIssue(body({ location: { lat: 24.86, lon: 181 } }))).toEqual({
      field: "location.lon",
      code: "invalid_location",
    });
  });

  it("rejects a location that is not an object of numbers", () => {
    expect(firstIssue(body({ location: "24.86,67.01" }))).toEqual({ field: "location", code: "invalid_location" });
    expect(firstIssue(body({ location: { lat: "24.86", lon: 67.01 } }))).toEqual({
      field: "location.lat",
      code: "invalid_location",
    });
    expect(firstIssue(body({ location: { lat: 24.86 } }))).toEqual({ field: "location.lon", code: "invalid_location" });
  });

  it("rejects an extra key inside location as unknown_field", () => {
    expect(firstIssue(body({ location: { lat: 24.86, lon: 67.01, accuracy: 10 } }))?.code).toBe("unknown_field");
  });

  // BUG: parseReport names an unrecognised key by the key alone and drops
  // the issue's path, so an extra key inside location is reported as a
  // top-level field "accuracy" while every other location issue is
  // "location.lat" / "location.lon".
  it("names an extra key inside location with its path (location.accuracy)", () => {
    expect(firstIssue(body({ location: { lat: 24.86, lon: 67.01, accuracy: 10 } }))).toEqual({
      field: "location.accuracy",
      code: "unknown_field",
    });
  });
});

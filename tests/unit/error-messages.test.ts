import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ur from "@/messages/ur.json";
import { parseReport, reportBodySchema } from "@/lib/reports/report-schema";
import { parseReportForm } from "@/lib/reports/form-input";
import { NOW, at, body, hours, issuesOf } from "@/tests/support/report-input";

// Every error code the schema or the report form can produce must have words
// in both message catalogues, or a rejected report shows a bare code.

describe("error codes have words in both languages", () => {
  const badInputs: unknown[] = [
    [],
    null,
    "x",
    {},
    body({ area: "" }),
    body({ area: "atlantis" }),
    body({ area: "sindh" }),
    body({ area: 1 }),
    body({ isp: "acme" }),
    body({ service: "myspace" }),
    body({ connection: "wifi" }),
    body({ problem: "down" }),
    body({ observedAt: "yesterday" }),
    body({ observedAt: at(hours(1)) }),
    body({ observedAt: at(-hours(100)) }),
    body({ location: { lat: 100, lon: 0 } }),
    body({ location: "here" }),
    body({ location: { lat: 31.558, lon: 74.3507 } }),
    body({ speedKbps: -5 }),
    body({ comment: "a".repeat(501) }),
    body({ comment: 5 }),
    body({ complaintRef: "x".repeat(41) }),
    body({ clientReportId: "nope" }),
    body({ viaVpn: "on" }),
    body({ extra: true }),
  ];
  const formInputs = [
    { place: "" },
    { place: "Nowhere-on-earth" },
    { place: "Lahore", when: "5" },
  ];

  const codes = new Set<string>();
  for (const input of badInputs) for (const issue of issuesOf(parseReport(input, NOW))) codes.add(issue.code);
  for (const values of formInputs) {
    const parsed = parseReportForm(values, NOW);
    if (!parsed.ok) for (const code of Object.values(parsed.errors)) codes.add(code);
  }

  it("collects the codes the schema and the form produce", () => {
    // A sanity check that the probes above really exercise the schema.
    for (const code of [
      "required",
      "invalid",
      "invalid_body",
      "unknown_field",
      "unknown_area",
      "not_a_district",
      "unknown_isp",
      "unknown_service",
      "unknown_connection",
      "unknown_problem",
      "invalid_time",
      "in_future",
      "too_old",
      "invalid_location",
      "outside_province",
      "invalid_speed",
      "too_long",
      "invalid_client_report_id",
      "unknown_place",
    ]) {
      expect(codes).toContain(code);
    }
  });

  const enErrors = en.errors as Record<string, string>;
  const urErrors = ur.errors as Record<string, string>;

  it.each([...codes].sort())("has an English and an Urdu message for %s", (code) => {
    expect(enErrors[code], `en errors.${code}`).toEqual(expect.any(String));
    expect(enErrors[code]!.trim()).not.toBe("");
    expect(urErrors[code], `ur errors.${code}`).toEqual(expect.any(String));
    expect(urErrors[code]!.trim()).not.toBe("");
  });

  it("has words for every code literal written in the schema source", () => {
    // Codes appear as messages: `error: "x"`, `.min(1, "x")`, `? "x" : "y"`, `code: "x"`.
    // Field names written the same way (`field: "location"`) are not codes.
    const source = fs.readFileSync(path.join(process.cwd(), "lib/reports/report-schema.ts"), "utf8");
    const fields = new Set(Object.keys(reportBodySchema.shape));
    const sourceCodes = new Set<string>();
    for (const [, literal] of source.matchAll(/(?:,|error:|code:|\?|:)\s*"([a-z][a-z_]*)"/g)) {
      if (!fields.has(literal!)) sourceCodes.add(literal!);
    }
    expect(sourceCodes.size).toBeGreaterThan(15);
    const missing = [...sourceCodes].filter((c) => !enErrors[c] || !urErrors[c]);
    expect(missing).toEqual([]);
  });

  it("has the same error keys in English and Urdu", () => {
    expect(Object.keys(urErrors).sort()).toEqual(Object.keys(enErrors).sort());
  });
});

import { describe, expect, it } from "vitest";
import { parseReportForm, valuesFromFormData, WHEN_MINUTES, type FormValues } from "@/lib/reports/form-input";
import { placeOptions } from "@/lib/reference/places";

const NOW = new Date("2024-11-21T12:00:00.000Z");

const form = (overrides: FormValues = {}): FormValues => ({
  place: "Karachi",
  isp: "zong",
  connection: "mobile",
  service: "whatsapp",
  problem: "media_fails",
  when: "0",
  ...overrides,
});

function ok(values: FormValues) {
  const parsed = parseReportForm(values, NOW);
  if (!parsed.ok) throw new Error(`expected the form to be accepted, got ${JSON.stringify(parsed.errors)}`);
  return parsed.report;
}

function errors(values: FormValues) {
  const parsed = parseReportForm(values, NOW);
  if (parsed.ok) throw new Error(`expected the form to be rejected, got ${JSON.stringify(parsed.report)}`);
  return parsed.errors;
}

const optionFor = (locale: string, area: string) => {
  const option = placeOptions(locale).find((o) => o.area === area);
  if (!option) throw new Error(`no ${locale} option for ${area}`);
  return option;
};

describe("parseReportForm: place", () => {
  it("resolves a place label picked from the English list", () => {
    const label = optionFor("en", "lahore").label;
    expect(label).toBe("Lahore (Punjab)");
    expect(ok(form({ place: label })).area).toBe("lahore");
  });

  it("resolves a place label picked from the Urdu list", () => {
    const label = optionFor("ur", "karachi-south").label;
    expect(label).toMatch(/کراچی/);
    expect(ok(form({ place: label })).area).toBe("karachi-south");
  });

  it("resolves the first few labels of both lists to their own districts", () => {
    for (const locale of ["en", "ur"]) {
      for (const option of placeOptions(locale).slice(0, 20)) {
        expect(ok(form({ place: option.label })).area, option.label).toBe(option.area);
      }
    }
  });

  it.each(["Lahore", "lahore ", "  LAHORE", "لاہور"])("resolves the bare city name %j", (place) => {
    expect(ok(form({ place })).area).toBe("lahore");
  });

  it("resolves a district name", () => {
    expect(ok(form({ place: "Karachi East" })).area).toBe("karachi-east");
    expect(ok(form({ place: "کراچی شرقی" })).area).toBe("karachi-east");
  });

  it("resolves a district slug", () => {
    expect(ok(form({ place: "karachi-central" })).area).toBe("karachi-central");
  });

  it("lets a hidden area win over the typed text", () => {
    expect(ok(form({ area: "karachi-west", place: "Lahore" })).area).toBe("karachi-west");
  });

  it("uses a hidden area even when no place was typed", () => {
    expect(ok(form({ area: "lahore", place: "" })).area).toBe("lahore");
  });

  it("reports an invalid hidden area on the place field", () => {
    expect(errors(form({ area: "sindh", place: "" })).place).toBe("not_a_district");
    expect(errors(form({ area: "atlantis" })).place).toBe("unknown_area");
  });

  it("rejects an unknown place as unknown_place", () => {
    expect(errors(form({ place: "Atlantis" }))).toEqual({ place: "unknown_place" });
  });

  it("reads a bare name shared by a district and a town elsewhere as the district", () => {
    expect(ok(form({ place: "Sahiwal" })).area).toBe("sahiwal");
  });

  it("rejects an empty or blank place as required", () => {
    expect(errors(form({ place: "" }))).toEqual({ place: "required" });
    expect(errors(form({ place: "   " }))).toEqual({ place: "required" });
    const { place: _omit, ...rest } = form();
    expect(errors(rest)).toEqual({ place: "required" });
  });
});

describe("parseReportForm: when", () => {
  it.each(WHEN_MINUTES.map((m) => [m]))("maps when=%i to observedAt = now minus that many minutes", (m) => {
    expect(ok(form({ when: String(m) })).observedAt.toISOString()).toBe(new Date(NOW.getTime() - m * 60_000).toISOString());
  });

  it("treats a missing when as now", () => {
    const { when: _omit, ...rest } = form();
    expect(ok(rest).observedAt).toEqual(NOW);
  });

  it.each(["5", "-15", "4321", "abc", "15.5", "99999"])("rejects the unlisted when %j on the when field", (when) => {
    expect(errors(form({ when }))).toEqual({ when: "invalid" });
  });
});

describe("parseReportForm: other fields", () => {
  it("maps a location outside the province to the place field", () => {
    expect(errors(form({ place: "Karachi", lat: "31.558", lon: "74.3507" }))).toEqual({ place: "outside_province" });
  });

  it("accepts a location inside the district's province", () => {
    expect(ok(form({ place: "Karachi", lat: "24.86", lon: "67.01" })).location).toEqual({ lat: 24.86, lon: 67.01 });
  });

  it("ignores a location when only one coordinate is given", () => {
    expect(ok(form({ lat: "24.86" })).location).toBeUndefined();
  });

  // BUG: API_TO_FORM maps "location" to "place" but the schema reports a bad
  // coordinate as "location.lat"/"location.lon", which no form field shows;
  // the reporter sees "check the fields marked below" with nothing marked.
  it("maps an out-of-range coordinate to the place field", () => {
    expect(errors(form({ place: "Karachi", lat: "95", lon: "67.01" }))).toEqual({ place: "invalid_location" });
  });

  it("keeps the place error when the typed place is unknown and the location is outside", () => {
    expect(errors(form({ place: "Atlantis", lat: "31.558", lon: "74.3507" })).place).toBe("unknown_place");
  });

  it.each([
    ["on", true],
    ["true", true],
    ["", undefined],
    [undefined, undefined],
  ])("reads viaVpn %j as %j", (viaVpn, expected) => {
    expect(ok(form({ viaVpn })).viaVpn).toBe(expected);
  });

  it("names each empty select as required", () => {
    expect(errors(form({ isp: "", connection: "", service: "", problem: "" }))).toEqual({
      isp: "required",
      connection: "required",
      service: "required",
      problem: "required",
    });
  });

  it("passes the schema's codes through for bad selects", () => {
    expect(errors(form({ isp: "acme", connection: "wifi" }))).toEqual({
      isp: "unknown_isp",
      connection: "unknown_connection",
    });
  });

  it("drops empty optional text and keeps a trimmed comment and complaint reference", () => {
    const report = ok(form({ comment: "  voice notes stuck ", complaintRef: "" }));
    expect(report.comment).toBe("voice notes stuck");
    expect(report.complaintRef).toBeUndefined();
  });

  it("rejects a long comment on the comment field", () => {
    expect(errors(form({ comment: "a".repeat(501) }))).toEqual({ comment: "too_long" });
  });

  it("passes a clientReportId through and rejects one that is not a UUID", () => {
    const id = "3f0e6a9c-8a41-4c53-9d55-2a0b7c1e9f10";
    expect(ok(form({ clientReportId: id })).clientReportId).toBe(id);
    expect(errors(form({ clientReportId: "x" }))).toEqual({ clientReportId: "invalid_client_report_id" });
  });
});

describe("valuesFromFormData", () => {
  it("reads the form's fields from FormData", () => {
    const data = new FormData();
    data.set("place", "Lahore (Punjab)");
    data.set("area", "lahore");
    data.set("isp", "ptcl");
    data.set("connection", "fixed");
    data.set("service", "internet");
    data.set("problem", "slow");
    data.set("when", "60");
    data.set("viaVpn", "on");
    data.set("complaintRef", "PTA-1");
    data.set("comment", "very slow");
    data.set("lat", "31.55");
    data.set("lon", "74.35");
    data.set("clientReportId", "3f0e6a9c-8a41-4c53-9d55-2a0b7c1e9f10");
    expect(valuesFromFormData(data)).toEqual({
      place: "Lahore (Punjab)",
      area: "lahore",
      isp: "ptcl",
      connection: "fixed",
      service: "internet",
      problem: "slow",
      when: "60",
      viaVpn: "on",
      complaintRef: "PTA-1",
      comment: "very slow",
      lat: "31.55",
      lon: "74.35",
      clientReportId: "3f0e6a9c-8a41-4c53-9d55-2a0b7c1e9f10",
    });
  });

  it("leaves out absent fields, unknown fields and files", () => {
    const data = new FormData();
    data.set("place", "Karachi");
    data.set("reporterName", "Ali");
    data.set("comment", new Blob(["x"]), "comment.txt");
    expect(valuesFromFormData(data)).toEqual({ place: "Karachi" });
  });

  it("produces values that parseReportForm accepts", () => {
    const data = new FormData();
    for (const [k, v] of Object.entries(form({ place: "Lahore", when: "30" }))) if (v !== undefined) data.set(k, v);
    const report = ok(valuesFromFormData(data));
    expect(report.area).toBe("lahore");
    expect(report.observedAt.toISOString()).toBe("2024-11-21T11:30:00.000Z");
  });
});

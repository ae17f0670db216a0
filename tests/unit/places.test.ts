import { describe, expect, it } from "vitest";
import { DISTRICTS, PLACES, findArea, isDistrict, localName } from "@/lib/reference";
import { placeOptions, resolvePlace } from "@/lib/reference/places";

const LOCALES = ["en", "ur"] as const;

describe("placeOptions", () => {
  it.each(LOCALES)("offers labels that are unique in %s", (locale) => {
    const labels = placeOptions(locale).map((o) => o.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it.each(LOCALES)("points every %s option at a district", (locale) => {
    for (const option of placeOptions(locale)) expect(isDistrict(option.area), option.label).toBe(true);
  });

  it.each(LOCALES)("offers a label for every district in %s", (locale) => {
    const areas = new Set(placeOptions(locale).map((o) => o.area));
    for (const d of DISTRICTS) expect(areas.has(d.slug), d.slug).toBe(true);
  });

  it("puts places first, most populous first", () => {
    const options = placeOptions("en");
    expect(options[0]).toMatchObject({ label: "Karachi (Karachi South, Sindh)", area: "karachi-south" });
    expect(options[1]).toMatchObject({ label: "Lahore (Punjab)", area: "lahore" });
  });

  it("labels a place with its district and province, and a place named like its district with the province only", () => {
    const en = placeOptions("en").map((o) => o.label);
    expect(en).toContain("Karachi (Karachi South, Sindh)");
    expect(en).toContain("Lahore (Punjab)");
    expect(en).not.toContain("Lahore (Lahore, Punjab)");
    expect(placeOptions("ur").map((o) => o.label)).toContain("کراچی (کراچی جنوبی، سندھ)");
  });

  it("returns the same list on a second call", () => {
    expect(placeOptions("en")).toBe(placeOptions("en"));
  });
});

describe("resolvePlace", () => {
  // A label is ambiguous only if another option (in either language) normalises
  // to the same text with a different district; then "ambiguous" is right.
  it.each(LOCALES)("resolves every %s label back to its own district", (locale) => {
    const wrong: string[] = [];
    for (const option of placeOptions(locale)) {
      const match = resolvePlace(option.label);
      if (match.kind === "found" && match.area === option.area) continue;
      if (match.kind === "ambiguous" && match.areas.includes(option.area)) continue;
      wrong.push(`${option.label} → ${JSON.stringify(match)} (expected ${option.area})`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(LOCALES)("resolves every place's %s label to the place's district, not a different one", (locale) => {
    const byLabel = new Map(placeOptions(locale).map((o) => [o.label, o.area]));
    const wrong: string[] = [];
    for (const p of PLACES) {
      const district = findArea(p.area)!;
      const name = localName(p, locale);
      const label = [...byLabel.keys()].find(
        (l) => l.startsWith(`${name} (`) && byLabel.get(l) === p.area,
      );
      if (!label) {
        wrong.push(`${name} in ${district.slug}: no label`);
        continue;
      }
      const match = resolvePlace(label);
      const fine = match.kind === "found" ? match.area === p.area : match.kind === "ambiguous" && match.areas.includes(p.area);
      if (!fine) wrong.push(`${label} → ${JSON.stringify(match)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("resolves almost every label uniquely (ambiguity is the exception)", () => {
    let ambiguous = 0;
    let total = 0;
    for (const locale of LOCALES) {
      for (const option of placeOptions(locale)) {
        total += 1;
        if (resolvePlace(option.label).kind === "ambiguous") ambiguous += 1;
      }
    }
    expect(ambiguous).toBeLessThan(total * 0.05);
  });

  it.each(LOCALES)("resolves every district's bare %s name to that district unless shared", (locale) => {
    const wrong: string[] = [];
    for (const d of DISTRICTS) {
      const match = resolvePlace(localName(d, locale));
      if (match.kind === "found" && match.area === d.slug) continue;
      if (match.kind === "ambiguous" && match.areas.includes(d.slug)) continue;
      wrong.push(`${localName(d, locale)} → ${JSON.stringify(match)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("resolves Karachi to karachi-south, in both scripts", () => {
    expect(resolvePlace("Karachi")).toEqual({ kind: "found", area: "karachi-south" });
    expect(resolvePlace("karachi")).toEqual({ kind: "found", area: "karachi-south" });
    expect(resolvePlace("کراچی")).toEqual({ kind: "found", area: "karachi-south" });
  });

  it("ignores case, extra spaces and punctuation", () => {
    expect(resolvePlace("  KARACHI   (karachi south,sindh) ")).toEqual({ kind: "found", area: "karachi-south" });
    expect(resolvePlace("Karachi South")).toEqual({ kind: "found", area: "karachi-south" });
    expect(resolvePlace("karachi-south")).toEqual({ kind: "found", area: "karachi-south" });
  });

  it("takes a bare name shared by a district and a town elsewhere to mean the district", () => {
    // A town called Sahiwal lies in Sargodha district as well as the Sahiwal district.
    expect(resolvePlace("Sahiwal")).toEqual({ kind: "found", area: "sahiwal" });
    expect(resolvePlace("Bahawalnagar")).toEqual({ kind: "found", area: "bahawalnagar" });
    expect(resolvePlace("Sahiwal (Sargodha, Punjab)")).toEqual({ kind: "found", area: "sargodha" });
    // ...while the labels from the list still tell them apart.
    expect(resolvePlace("Sahiwal (Punjab)")).toEqual({ kind: "found", area: "sahiwal" });
  });

  it("resolves a district slug", () => {
    expect(resolvePlace("lahore")).toEqual({ kind: "found", area: "lahore" });
  });

  it("answers none for unknown or empty text", () => {
    expect(resolvePlace("Atlantis")).toEqual({ kind: "none" });
    expect(resolvePlace("")).toEqual({ kind: "none" });
    expect(resolvePlace("   ")).toEqual({ kind: "none" });
  });

  it("does not resolve a province name to a district", () => {
    expect(resolvePlace("Sindh").kind).not.toBe("found");
  });
});

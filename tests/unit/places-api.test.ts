import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/places/[locale]/route";
import { isDistrict } from "@/lib/reference";
import type { PlaceList } from "@/lib/reference/place-list";

// GET /api/v1/places/<locale>: the report form's place suggestions, fetched
// after the form has hydrated. Reference data only: no database.

const get = (locale: string) => GET(new Request(`http://test/api/v1/places/${locale}`), { params: Promise.resolve({ locale }) });

describe("GET /api/v1/places/<locale>", () => {
  it.each([
    ["en", "Lahore (Punjab)", "Karachi South, Sindh"],
    ["ur", "لاہور (پنجاب)", "کراچی جنوبی، سندھ"],
  ])("lists %s labels, each with its district, and every district's name", async (locale, lahore, karachiSouth) => {
    const res = await get(locale);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("max-age");
    const list = (await res.json()) as PlaceList;
    expect(list.places.length).toBeGreaterThan(400);
    expect(list.places.find((p) => p[0] === lahore)).toEqual([lahore, "lahore", 31.56, 74.35]);
    for (const [label, area] of list.places) expect(isDistrict(area), label).toBe(true);
    expect(list.districts["karachi-south"]).toBe(karachiSouth);
  });

  it("answers 400 naming the locale for a language the app does not have", async () => {
    const res = await get("fr");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe("locale");
  });
});

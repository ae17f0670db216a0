import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { EXPORT_COLUMNS, csvHeader, csvLine } from "@/lib/export/columns";

describe("export CSV lines", () => {
  it("quotes what RFC 4180 asks and a standard parser reads every value back", () => {
    const values = ["plain", "a, b", 'say "no"', "line\nbreak", "cr\r\nlf", "کراچی", "", "=1+2"];
    const text = csvLine(values) + csvLine(["x", null, undefined, 3.5, true, false, 0, -1]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parse(text, { relax_column_count: false })).toEqual([values, ["x", "", "", "3.5", "true", "false", "0", "-1"]]);
  });

  it("writes the header from the column list", () => {
    expect(parse(csvHeader())).toEqual([EXPORT_COLUMNS.map((c) => c.csv)]);
  });
});

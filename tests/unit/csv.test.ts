import { describe, expect, it } from "vitest";
import { csvField, csvTable } from "@/lib/export/csv";

describe("the short tables' CSV", () => {
  it("quotes what needs quoting, as RFC 4180 says", () => {
    expect(csvTable(["a", "b"], [["plain", 'say "hi", twice'], [1, null]])).toBe('a,b\r\nplain,"say ""hi"", twice"\r\n1,\r\n');
  });

  it("keeps text a spreadsheet would run as a formula as text, and numbers as numbers", () => {
    expect(csvField('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    for (const start of ["+", "-", "@", "\t"]) expect(csvField(`${start}1`)).toBe(`'${start}1`);
    expect(csvField(-3)).toBe("-3");
    expect(csvField("2026-12-07T10:00:00.000Z")).toBe("2026-12-07T10:00:00.000Z");
  });
});

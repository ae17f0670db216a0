import { describe, expect, it } from "vitest";
import { normaliseText } from "@/lib/intake/message-parser";

describe("normaliseText", () => {
  it("maps Arabic letter variants to Urdu", () => {
    expect(normaliseText("كراچي")).toBe("کراچی");
    expect(normaliseText("لاهور")).toBe("لاہور");
    expect(normaliseText("ى")).toBe("ی");
    expect(normaliseText("مسئلة")).toBe("مسئلہ");
  });

  it("removes diacritics, tatweel and invisible joiners", () => {
    expect(normaliseText("مُلتان بَند")).toBe("ملتان بند");
    expect(normaliseText("جـــاز")).toBe("جاز");
    expect(normaliseText("اسلام\u200cآباد")).toBe("اسلامآباد");
    expect(normaliseText("آباد")).toBe("آباد"); // the madda of آ is a letter, not a diacritic
  });

  it("maps Arabic-Indic and Urdu digits to ASCII", () => {
    expect(normaliseText("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(normaliseText("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(normaliseText("۳ دن")).toBe("3 دن");
  });

  it("keeps Latin text as it is, apart from spacing", () => {
    expect(normaliseText("  Zong   KARACHI\n")).toBe("Zong KARACHI");
  });
});

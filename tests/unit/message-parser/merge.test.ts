import { describe, expect, it } from "vitest";
import { mergeFields, parseMessage } from "@/lib/intake/message-parser";

describe("mergeFields", () => {
  const report = (t: string) => {
    const m = parseMessage(t);
    if (m.kind !== "report") throw new Error(t);
    return m.fields;
  };

  it("fills the missing ISP and district from the follow-up", () => {
    const merged = mergeFields(report("net band hai lahore"), report("zong"));
    expect(merged).toMatchObject({ isp: "zong", area: "lahore", service: "internet", problem: "no_connection", connection: "mobile" });
    expect(mergeFields(report("jazz whatsapp slow"), report("karachi"))).toMatchObject({ isp: "jazz", area: "karachi-south", service: "whatsapp", problem: "slow" });
  });

  it("keeps what the earlier message said", () => {
    const merged = mergeFields(report("jazz whatsapp slow"), report("zong multan youtube band"));
    expect(merged).toMatchObject({ isp: "jazz", area: "multan", service: "whatsapp", problem: "slow" });
  });

  it("lets the follow-up replace a default", () => {
    const merged = mergeFields(report("karachi"), report("jazz whatsapp voice note"));
    expect(merged).toMatchObject({ isp: "jazz", area: "karachi-south", service: "whatsapp", problem: "media_fails", connection: "mobile" });
    expect(merged.defaulted).toEqual(["connection"]);
  });

  it("keeps an explicit connection over the follow-up ISP's kind", () => {
    expect(mergeFields(report("lahore wifi band"), report("zong")).connection).toBe("fixed");
  });

  it("returns nothing when neither message said anything", () => {
    expect(mergeFields({}, {})).toEqual({});
    expect(mergeFields({ isp: "zong" }, {})).toMatchObject({ isp: "zong", service: "internet", problem: "no_connection" });
  });
});

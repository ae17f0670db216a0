import { describe, expect, it } from "vitest";
import { hideInput, parseStatement } from "@/lib/statements/statement-input";
import { toPublicStatement, type StatementThread } from "@/lib/statements/thread";

// What a provider may post as a statement, and what the public API shows of
// one: checked without a database.

const now = new Date("2024-11-21T08:00:00.000Z");

describe("a statement's input", () => {
  it("counts characters, not bytes: a thousand Urdu letters fit, one more does not", () => {
    const urdu = "ب".repeat(1000);
    expect(Buffer.byteLength(urdu, "utf8")).toBe(2000);
    expect(parseStatement({ status: "identified", text: `  ${urdu}\n`, lang: "ur" }, now)).toEqual({
      ok: true,
      input: { status: "identified", text: urdu, lang: "ur", cause: null, restoredAt: null },
    });
    expect(parseStatement({ status: "identified", text: urdu + "ب", lang: "ur" }, now)).toEqual({ ok: false, errors: { text: "too_long" } });
    // An emoji is one character, though JavaScript's length says two.
    expect(parseStatement({ status: "identified", text: "🙂".repeat(1000), lang: "en" }, now)).toMatchObject({ ok: true });
  });

  it("names every failing field", () => {
    expect(parseStatement({ status: "fixed", text: "   ", lang: "fr", cause: "x".repeat(201), restoredAt: "yesterday" }, now)).toEqual({
      ok: false,
      errors: { status: "invalid", text: "required", lang: "invalid", cause: "too_long", restoredAt: "invalid" },
    });
    expect(parseStatement({}, now)).toMatchObject({ ok: false, errors: { status: "invalid", text: "required", lang: "invalid" } });
    expect(parseStatement({ status: "resolved", text: "a\u0000b", lang: "en" }, now)).toEqual({ ok: false, errors: { text: "invalid" } });
  });

  it("takes a restored time up to a minute ahead of the clock, not further, and treats empty optional fields as none", () => {
    const ahead = (ms: number) => new Date(now.getTime() + ms).toISOString();
    expect(parseStatement({ status: "resolved", text: "Back.", lang: "en", restoredAt: ahead(5 * 60_000) }, now)).toEqual({ ok: false, errors: { restoredAt: "future" } });
    expect(parseStatement({ status: "resolved", text: "Back.", lang: "en", restoredAt: ahead(30_000), cause: "  " }, now)).toEqual({
      ok: true,
      input: { status: "resolved", text: "Back.", lang: "en", cause: null, restoredAt: new Date(ahead(30_000)) },
    });
    expect(parseStatement({ status: "resolved", text: "Back.", lang: "en", restoredAt: "2024-11-21T12:30:00+05:00", cause: " Fibre cut " }, now)).toMatchObject({
      ok: true,
      input: { cause: "Fibre cut", restoredAt: new Date("2024-11-21T07:30:00.000Z") },
    });
  });

  it("wants a reason of a few words to hide a statement, on one line", () => {
    expect(hideInput.safeParse({ statementId: "12", reason: " abusive\n words " }).data).toEqual({ statementId: 12, reason: "abusive words" });
    expect(hideInput.safeParse({ statementId: "12", reason: "no" }).error?.issues[0]).toMatchObject({ path: ["reason"], message: "reason_short" });
    expect(hideInput.safeParse({ statementId: "x", reason: "abusive" }).error?.issues[0]).toMatchObject({ path: ["statementId"] });
  });
});

describe("a statement as the API shows it", () => {
  const v = (version: number, text: string) => ({
    rowId: version + 10,
    version,
    status: "investigating" as const,
    text,
    lang: "en" as const,
    cause: version === 2 ? "A fibre cut" : null,
    restoredAt: null,
    postedAt: new Date(Date.UTC(2024, 10, 21, 7, version)),
    postedBy: 3,
  });
  const thread: StatementThread = { id: 11, incidentId: 4, isp: "zong", latest: v(2, "second"), history: [v(1, "first"), v(2, "second")] };

  it("shows the latest version with every version in its history", () => {
    expect(toPublicStatement(thread)).toEqual({
      id: 11,
      isp: "zong",
      status: "investigating",
      text: "second",
      lang: "en",
      cause: "A fibre cut",
      postedAt: "2024-11-21T07:02:00.000Z",
      version: 2,
      history: [
        { version: 1, status: "investigating", text: "first", lang: "en", postedAt: "2024-11-21T07:01:00.000Z" },
        { version: 2, status: "investigating", text: "second", lang: "en", cause: "A fibre cut", postedAt: "2024-11-21T07:02:00.000Z" },
      ],
    });
  });

  it("keeps of a hidden statement who and when and why, and none of its words", () => {
    const hidden = toPublicStatement({ ...thread, hidden: { at: new Date("2024-11-21T09:00:00.000Z"), reason: "abuse" } });
    expect(hidden).toEqual({
      id: 11,
      isp: "zong",
      // The keys stay, empty: a tool reading the fixed shape finds them.
      status: null,
      text: null,
      lang: null,
      postedAt: "2024-11-21T07:02:00.000Z",
      version: 2,
      hidden: { at: "2024-11-21T09:00:00.000Z", reason: "abuse" },
      history: [
        { version: 1, postedAt: "2024-11-21T07:01:00.000Z" },
        { version: 2, postedAt: "2024-11-21T07:02:00.000Z" },
      ],
    });
    expect(JSON.stringify(hidden)).not.toMatch(/first|second|fibre/);
  });
});

import { describe, expect, it } from "vitest";
import { parseMessage, recognisedNothing } from "@/lib/intake/message-parser";
import { DISTRICTS, ISPS, SERVICES } from "@/lib/reference";
import { PROBLEMS } from "@/lib/reports/vocabulary";
import { CASES, COMMANDS, CORE, ENGLISH, FIELDS, REFUSALS, ROMAN_URDU, URDU, type Field } from "./cases";
import { got } from "./helpers";

describe("the message table", () => {
  it("uses real slugs and has enough of each kind of message", () => {
    const districts = new Set(DISTRICTS.map((d) => d.slug));
    const isps = new Set(ISPS.map((i) => i.slug));
    const services = new Set(SERVICES.map((s) => s.slug));
    const problems = new Set<string>(PROBLEMS);
    for (const c of CASES) {
      if (c.expected.isp) expect(isps.has(c.expected.isp), c.text).toBe(true);
      if (c.expected.area) expect(districts.has(c.expected.area), c.text).toBe(true);
      if (c.expected.service) expect(services.has(c.expected.service), c.text).toBe(true);
      if (c.expected.problem) expect(problems.has(c.expected.problem), c.text).toBe(true);
    }
    expect(CASES.length).toBeGreaterThanOrEqual(160);
    for (const part of [ENGLISH, ROMAN_URDU, URDU]) expect(part.length).toBeGreaterThanOrEqual(50);
    expect(REFUSALS.length).toBeGreaterThanOrEqual(15);
    expect(COMMANDS.length).toBeGreaterThanOrEqual(10);
  });

  it("finds the fields with precision ≥ 0.95 and recall ≥ 0.9", () => {
    const count = { found: 0, expected: 0, correct: 0 };
    const per = Object.fromEntries(FIELDS.map((f) => [f, { ...count }])) as Record<Field, typeof count>;
    const failures: string[] = [];
    for (const c of CASES) {
      const actual = got(c.text);
      for (const f of FIELDS) {
        const a = actual[f];
        const e = c.expected[f];
        if (a !== undefined) per[f].found++;
        if (e !== undefined) per[f].expected++;
        if (a !== undefined && a === e) per[f].correct++;
        if (a !== e) failures.push(`${JSON.stringify(c.text)} ${f}: got ${a ?? "-"}, expected ${e ?? "-"}`);
      }
    }
    const total = { found: 0, expected: 0, correct: 0 };
    const lines = FIELDS.map((f) => {
      const s = per[f];
      total.found += s.found;
      total.expected += s.expected;
      total.correct += s.correct;
      return `${f.padEnd(8)} precision ${(s.correct / s.found).toFixed(3)}  recall ${(s.correct / s.expected).toFixed(3)}  (${s.correct} correct, ${s.found} found, ${s.expected} expected)`;
    });
    const precision = total.correct / total.found;
    const recall = total.correct / total.expected;
    lines.push(`overall  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (${CASES.length} messages)`);
    console.log(`message parser, per field:\n${lines.join("\n")}${failures.length ? `\nmisses:\n${failures.join("\n")}` : ""}`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it("detects the language of nearly every message", () => {
    const wrong = CASES.filter((c) => parseMessage(c.text).language !== c.language).map((c) => `${c.text}: ${parseMessage(c.text).language}`);
    expect(wrong.length / CASES.length, wrong.join("\n")).toBeLessThanOrEqual(0.05);
  });
});

describe("parseMessage, core reports", () => {
  it.each(CORE)("%s", (text, isp, area, service, problem) => {
    const m = parseMessage(text);
    expect(m.kind).toBe("report");
    if (m.kind !== "report") return;
    expect({ isp: m.fields.isp, area: m.fields.area, service: m.fields.service, problem: m.fields.problem }).toEqual({ isp, area, service, problem });
    expect(m.missing).toEqual([...(isp ? [] : ["isp"]), ...(area ? [] : ["area"])]);
  });

  it.each(REFUSALS)("refuses %j politely", (text, language) => {
    const m = parseMessage(text);
    expect(m).toMatchObject({ kind: "report", fields: {}, missing: ["isp", "area"], language });
    expect(recognisedNothing(m)).toBe(true);
  });

  it.each(COMMANDS)("reads %j as a command", (text, command, fields, language) => {
    expect(parseMessage(text)).toEqual({ kind: "command", command, fields, language });
  });

  it("returns empty for an empty or blank text", () => {
    expect(parseMessage("")).toEqual({ kind: "empty", language: "en" });
    expect(parseMessage("  \n\u200c ")).toEqual({ kind: "empty", language: "en" });
  });
});

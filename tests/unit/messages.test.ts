import { describe, expect, it } from "vitest";
import compile from "icu-minify/compile";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import en from "@/messages/en.json";
import ur from "@/messages/ur.json";

// Every page and message exists in English and Urdu (issue #7): the Urdu
// catalogue has every key the English one has, nothing empty, the same
// placeholders, and every message compiles the way the build compiles it
// (next.config.ts precompiles them; a bad one fails `next build`).

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
      names.add(e.value);
      if (e.type === TYPE.plural || e.type === TYPE.select) for (const option of Object.values(e.options)) walk(option.value);
      if (e.type === TYPE.tag) walk(e.children);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

const english = flatten(en as Tree);
const urdu = flatten(ur as Tree);

describe("message catalogues", () => {
  it("has every English key in Urdu, and no key English lacks", () => {
    expect([...english.keys()].filter((k) => !urdu.has(k))).toEqual([]);
    expect([...urdu.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect(english.size).toBeGreaterThan(200);
  });

  it("has no empty message in either language", () => {
    const empty = [...english, ...urdu].filter(([, v]) => v.trim() === "").map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it("uses the same placeholders in both languages", () => {
    const differ = [...english]
      .filter(([key, message]) => urdu.has(key) && argumentsOf(message).join() !== argumentsOf(urdu.get(key)!).join())
      .map(([key]) => key);
    expect(differ).toEqual([]);
  });

  it("compiles every message as the build does", () => {
    const broken: string[] = [];
    for (const [lang, messages] of [["en", english], ["ur", urdu]] as const) {
      for (const [key, message] of messages) {
        try {
          compile(message);
        } catch {
          broken.push(`${lang}:${key}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("writes Urdu in Urdu: every Urdu message with letters has Arabic-script letters", () => {
    // Names of ISPs and services stay in Latin letters; a whole message that
    // is English words is a missed translation. The one exception: the
    // language switch names English in English, and the data page names
    // formats and codes as they appear in the files (JSON, SHA-256, source codes).
    const asWritten = new Set(["app.language", "data.json", "data.sha256", "data.valueLists.sources"]);
    const latinOnly = [...urdu].filter(([k, v]) => !asWritten.has(k) && /[A-Za-z]{3}/.test(v) && !/[\u0600-\u06FF]/.test(v)).map(([k]) => k);
    expect(latinOnly).toEqual([]);
  });
});

import type { MessageLanguage } from "@/lib/intake/message-parser";
import { ENGLISH } from "./english";
import { ROMAN_URDU } from "./roman-urdu";
import type { Row } from "./row";
import { URDU } from "./urdu";

export { ENGLISH, ROMAN_URDU, URDU };

/** Nothing a report needs: a greeting, thanks, gibberish, an emoji, or only a province. */
export const REFUSALS: [text: string, language: MessageLanguage][] = [
  ["hello", "en"],
  ["Hi", "en"],
  ["thanks", "en"],
  ["ok", "en"],
  ["???", "en"],
  ["😀👍", "en"],
  ["asdfgh", "en"],
  ["Punjab", "en"],
  ["KPK", "en"],
  ["Balochistan 🙏", "en"],
  ["kya haal hai", "roman-ur"],
  ["assalam o alaikum", "en"],
  ["shukriya bhai", "roman-ur"],
  ["sindh", "en"],
  ["koi hai?", "roman-ur"],
  ["السلام علیکم", "ur"],
  ["پنجاب", "ur"],
  ["شکریہ", "ur"],
  ["آزاد کشمیر", "ur"],
];

export type CommandRow = [text: string, command: "help" | "stop" | "start" | "status", fields: { isp?: string; area?: string; service?: string }, language: MessageLanguage];
export const COMMANDS: CommandRow[] = [
  ["HELP", "help", {}, "en"],
  ["help?", "help", {}, "en"],
  ["madad", "help", {}, "roman-ur"],
  ["madad chahiye", "help", {}, "roman-ur"],
  ["مدد", "help", {}, "ur"],
  ["STOP", "stop", {}, "en"],
  ["stop.", "stop", {}, "en"],
  ["رکیں", "stop", {}, "ur"],
  ["بس", "stop", {}, "ur"],
  ["START", "start", {}, "en"],
  ["شروع", "start", {}, "ur"],
  ["STATUS zong lahore", "status", { isp: "zong", area: "lahore" }, "en"],
  ["status youtube", "status", { service: "youtube" }, "en"],
  ["Status Jazz Karachi", "status", { isp: "jazz", area: "karachi-south" }, "en"],
  ["status whatsapp zong multan", "status", { isp: "zong", service: "whatsapp", area: "multan" }, "en"],
  ["halat ptcl isb", "status", { isp: "ptcl", area: "islamabad" }, "roman-ur"],
  ["حالت جاز کراچی", "status", { isp: "jazz", area: "karachi-south" }, "ur"],
  ["STATUS", "status", {}, "en"],
];

export const FIELDS = ["isp", "area", "service", "problem"] as const;
export type Field = (typeof FIELDS)[number];
export type Expected = Partial<Record<Field, string>>;

const toExpected = ([, isp, area, service, problem]: Row): Expected => ({ isp, area, service, problem });

export type Case = { text: string; expected: Expected; language: MessageLanguage };
export const CASES: Case[] = [
  ...ENGLISH.map((r) => ({ text: r[0], expected: toExpected(r), language: "en" as const })),
  ...ROMAN_URDU.map((r) => ({ text: r[0], expected: toExpected(r), language: "roman-ur" as const })),
  ...URDU.map((r) => ({ text: r[0], expected: toExpected(r), language: "ur" as const })),
  ...REFUSALS.map(([text, language]) => ({ text, expected: {}, language })),
  ...COMMANDS.map(([text, , fields, language]) => ({ text, expected: fields, language })),
];

// The core: each must come out exactly, missing fields included.
export const CORE: Row[] = [...ENGLISH.slice(0, 14), ...ROMAN_URDU.slice(0, 14), ...URDU.slice(0, 14)];

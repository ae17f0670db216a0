import { readCommand } from "./parser/command";
import { explicitFields, pick, withDefaults } from "./parser/fields";
import { detectLanguage } from "./parser/language";
import { analyse } from "./parser/match";
import { normaliseText, tokenise } from "./parser/normalise";
import type { DefaultedField, MissingField, ParsedFields, ParsedMessage } from "./parser/types";

// Reads a disruption report sent as an SMS or WhatsApp text ("ZONG KARACHI
// WHATSAPP", "jazz lahore net band", "یوٹیوب سست زونگ اسلام آباد") in English,
// Roman Urdu or Urdu script. Word order is free: every word (or run of up to
// four words) is looked up in one table built from the reference data plus a
// small hand-written vocabulary; typos in names are caught by edit distance.
// Pure: no I/O, and the table is built once, on first use.
//
// The parts live in ./parser/: normalise (text and tokens), vocabulary (the
// hand-written words), lexicon (the lookup table), match (exact and typo
// matches), since (how long ago it started), fields (from matches to
// fields), language and command.

export { normaliseText } from "./parser/normalise";
export type { Command, DefaultedField, MessageLanguage, MissingField, ParsedFields, ParsedMessage } from "./parser/types";

// ---------------------------------------------------------------------------
// API

export function parseMessage(text: string): ParsedMessage {
  const normalised = normaliseText(text);
  const tokens = tokenise(normalised);
  const language = detectLanguage(normalised, tokens);
  if (normalised === "") return { kind: "empty", language };

  const command = readCommand(tokens, language);
  if (command) return command;

  const { matches, sinceHours, unknownWords } = analyse(tokens);
  const explicit = explicitFields(matches, sinceHours);
  const recognised = Object.keys(explicit).length > 0;
  const fields = recognised ? withDefaults(explicit) : {};
  const missing: MissingField[] = [];
  if (!fields.isp) missing.push("isp");
  if (!fields.area) missing.push("area");
  const province = fields.area ? undefined : pick(matches, "province");
  return { kind: "report", fields, missing, language, unknownWords, ...(province ? { province } : {}) };
}

/** True when a report recognised nothing at all ("hello", an emoji, only a province): refuse politely. */
export function recognisedNothing(message: ParsedMessage): boolean {
  return message.kind === "report" && Object.keys(message.fields).length === 0;
}

const FIELD_KEYS = ["isp", "area", "service", "problem", "connection", "sinceHours"] as const;

/**
 * Joins a follow-up ("zong", after "Which network?") to the earlier message.
 * What either message said stays, the earlier one first; the later one fills
 * the gaps. Defaults are worked out again on the result, so a follow-up that
 * names an app replaces the default "internet".
 */
export function mergeFields(earlier: ParsedFields, later: ParsedFields): ParsedFields {
  const said = (f: ParsedFields) => {
    const out: Record<string, unknown> = {};
    for (const key of FIELD_KEYS) {
      if (f[key] !== undefined && !f.defaulted?.includes(key as DefaultedField)) out[key] = f[key];
    }
    return out as ParsedFields;
  };
  const merged: ParsedFields = { ...said(later), ...said(earlier) };
  return Object.keys(merged).length === 0 ? {} : withDefaults(merged);
}

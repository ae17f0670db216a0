import { pick, pickService } from "./fields";
import { analyse } from "./match";
import { keySet, type Token } from "./normalise";
import type { MessageLanguage, ParsedFields, ParsedMessage } from "./types";

// Commands: HELP, STOP, START and STATUS.

const HELP_WORDS = keySet("help madad info menu commands مدد ہیلپ");
const HELP_POLITE = keySet("please plz pls me i need want sir bhai karo kren karein kijiye chahiye chahye chaiye کریں کیجیے کیجئے چاہیے براہ مہربانی");
const STOP_WORDS = keySet("stop unsubscribe stopall رکیں سٹاپ اسٹاپ بس");
const START_WORDS = keySet("start resume subscribe unstop شروع سٹارٹ اسٹارٹ");
const STATUS_WORDS = keySet("status halat haalat حالت اسٹیٹس سٹیٹس");

export function readCommand(tokens: Token[], language: MessageLanguage): ParsedMessage | undefined {
  const keys = tokens.map((t) => t.key);
  const only = keys.length === 1 ? keys[0]! : undefined;
  // STOP and START only as the whole message: "band" or "start nahi hota" are reports.
  if (only && STOP_WORDS.has(only)) return { kind: "command", command: "stop", fields: {}, language };
  if (only && START_WORDS.has(only)) return { kind: "command", command: "start", fields: {}, language };
  if (keys.some((k) => HELP_WORDS.has(k)) && keys.every((k) => HELP_WORDS.has(k) || HELP_POLITE.has(k))) {
    return { kind: "command", command: "help", fields: {}, language };
  }
  if (keys[0] && STATUS_WORDS.has(keys[0])) {
    const { matches } = analyse(tokens.slice(1));
    // "status nahi lag raha" is a report about WhatsApp status, not a question.
    if (matches.some((m) => m.effect.signal)) return undefined;
    const fields: ParsedFields = {};
    const isp = pick(matches, "isp");
    const area = pick(matches, "area");
    const service = pickService(matches);
    if (isp) fields.isp = isp;
    if (service) fields.service = service;
    if (area) fields.area = area;
    return { kind: "command", command: "status", fields, language };
  }
  return undefined;
}

import { parseMessage, type ParsedFields } from "@/lib/intake/message-parser";
import type { Expected } from "./cases";

/** The four fields as the parser gave them, whatever the kind of message. */
export function got(text: string): Expected {
  const m = parseMessage(text);
  if (m.kind === "empty") return {};
  const f = m.fields;
  return { isp: f.isp, area: f.area, service: f.service, problem: f.problem };
}

/** The fields of a message that is not empty (a report or a command). */
export const fieldsOf = (text: string): ParsedFields => (parseMessage(text) as { fields: ParsedFields }).fields;

import type { Connection, Problem } from "@/lib/reports/vocabulary";

// What parseMessage returns (re-exported by lib/intake/message-parser.ts).

export type MessageLanguage = "en" | "roman-ur" | "ur";
export type MissingField = "isp" | "area";
export type DefaultedField = "service" | "problem" | "connection";

export type ParsedFields = {
  isp?: string;
  area?: string;
  service?: string;
  problem?: Problem;
  connection?: Connection;
  sinceHours?: number;
  /** Fields that hold a default, not something the text said: a follow-up may replace them. */
  defaulted?: DefaultedField[];
};

export type Command = "help" | "stop" | "start" | "status";

export type ParsedMessage =
  | {
      kind: "report";
      /** Empty when nothing at all was recognised: the caller refuses politely. */
      fields: ParsedFields;
      missing: MissingField[];
      language: MessageLanguage;
      unknownWords: string[];
      /** A province named without a district (not enough for a report, but useful in the question back). */
      province?: string;
    }
  | { kind: "command"; command: Command; fields: ParsedFields; language: MessageLanguage }
  | { kind: "empty"; language: MessageLanguage };

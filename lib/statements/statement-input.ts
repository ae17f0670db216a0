import { z } from "zod";
import { fieldErrors } from "@/lib/moderation/moderation-input";
import {
  MAX_HIDE_REASON,
  MAX_STATEMENT_CAUSE,
  MAX_STATEMENT_TEXT,
  MIN_HIDE_REASON,
  RESTORED_SKEW_MS,
  STATEMENT_LANGS,
  STATEMENT_STATUSES,
  characterCount,
  type StatementLang,
  type StatementStatus,
} from "@/lib/statements/vocabulary";

// What a provider may post as a statement (the ISP desk's form, and any
// future route), checked at the boundary. A failing field is named by its
// form name (status, text, lang, cause, restoredAt) with a code the form puts
// into words: required, too_long, invalid, future.

export type StatementInput = {
  status: StatementStatus;
  text: string;
  lang: StatementLang;
  cause: string | null;
  restoredAt: Date | null;
};

// The same words typed on two keyboards are the same characters (NFC), a
// Windows line end is one, and nothing invisible that PostgreSQL refuses
// (NUL) or that hides text from a reader (other control characters) gets in.
const clean = (s: string) => s.normalize("NFC").replace(/\r\n?/g, "\n").trim();
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

const words = (max: number) =>
  z
    .string("required")
    .transform(clean)
    .pipe(
      z
        .string()
        .refine((s) => !CONTROL.test(s), "invalid")
        .refine((s) => characterCount(s) <= max, "too_long"),
    );

/** An empty field is no answer: undefined, "" and blanks all give null. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v), schema.nullable());

/** The schema as of `now`: a restored time may not lie in the future (beyond a minute's skew). */
export function statementSchema(now: Date) {
  return z.object({
    status: z.enum(STATEMENT_STATUSES, "invalid"),
    text: words(MAX_STATEMENT_TEXT).refine((s) => s.length > 0, "required"),
    lang: z.enum(STATEMENT_LANGS, "invalid"),
    cause: optional(words(MAX_STATEMENT_CAUSE)).transform((s) => (s === "" ? null : s)),
    restoredAt: optional(
      z.iso
        .datetime({ offset: true, message: "invalid" })
        .transform((s) => new Date(s))
        .refine((d) => d.getTime() <= now.getTime() + RESTORED_SKEW_MS, "future"),
    ),
  });
}

export type StatementParse = { ok: true; input: StatementInput } | { ok: false; errors: Record<string, string> };

/** Parses a statement as of `now`; on failure, a code for each failing field, keyed by its name. */
export function parseStatement(raw: unknown, now: Date): StatementParse {
  const parsed = statementSchema(now).safeParse(raw);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
}

const id = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/, "invalid")
  .transform(Number)
  .refine((n) => n > 0, "invalid");

/** A moderator hiding a statement: which one, and why (one line, sealed in the audit log). */
export const hideInput = z.object({
  statementId: id,
  reason: z
    .string("required")
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(MIN_HIDE_REASON, "reason_short").max(MAX_HIDE_REASON, "reason_long")),
});

/** The ids the ISP desk's forms carry beside the statement itself. */
export const statementTarget = z.object({ incidentId: id, statementId: id.optional() });

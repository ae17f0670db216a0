import { z } from "zod";
import { COMMENT_STATES, MAX_VOID_REASON_LENGTH, MIN_VOID_REASON_LENGTH } from "@/lib/moderation/vocabulary";

// What the moderation forms may send (app/[locale]/admin/(moderation)/actions.ts),
// checked at the boundary; a failing field is named by its form name.

const reportId = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/, "invalid")
  .transform(Number)
  .refine((n) => n > 0, "invalid");

export const reviewInput = z.object({
  reportId,
  state: z.enum(COMMENT_STATES, "invalid"),
  returnTo: z.string().max(2000).optional(),
});

export const voidInput = z.object({
  reportId,
  reason: z
    .string()
    // One line of reasons in the audit log: line breaks become spaces.
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(MIN_VOID_REASON_LENGTH, "reason_short").max(MAX_VOID_REASON_LENGTH, "reason_long")),
  returnTo: z.string().max(2000).optional(),
});

/** The form's fields as zod read them; errors keyed by field name. */
export function formFields(data: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, typeof data.get(n) === "string" ? (data.get(n) as string) : ""]));
}

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message && /^[a-z_]+$/.test(issue.message) ? issue.message : "invalid";
  }
  return out;
}

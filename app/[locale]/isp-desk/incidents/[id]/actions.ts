"use server";

import { getLocale } from "next-intl/server";
import { requireIspStaff } from "@/app/[locale]/admin/moderator";
import { db } from "@/db/runtime";
import { editStatement } from "@/db/statements/edit-statement";
import { postStatement } from "@/db/statements/post-statement";
import { redirect } from "@/i18n/navigation";
import { env } from "@/lib/env";
import { fieldErrors, formFields } from "@/lib/moderation/moderation-input";
import { StatementRefused } from "@/lib/statements/statement-errors";
import { parseStatement, statementTarget } from "@/lib/statements/statement-input";
import { isStorageFailure } from "@/lib/storage-failure";
import { localToInstant } from "@/lib/time/zone";

// The ISP desk's statement form, as a server action: a plain form post
// without JavaScript (Next refuses one whose Origin is not this site). It
// checks the session on the server (an ISP's staff only, and the statement
// is posted as their provider's, whatever the form says), validates every
// field (zod, the failing field named), and posts a first version or, with a
// statementId, an edit as the next version. Refused or invalid, the form
// comes back with what was typed.

export type StatementFormValues = { status: string; text: string; lang: string; cause: string; restoredAt: string };

export type StatementFormState =
  | { outcome: "idle" }
  | { outcome: "invalid"; errors: Record<string, string>; values: StatementFormValues }
  | { outcome: "refused"; code: string; values: StatementFormValues };

export async function statementAction(_previous: StatementFormState, data: FormData): Promise<StatementFormState> {
  const locale = await getLocale();
  const staff = await requireIspStaff(locale);
  const fields = formFields(data, ["incidentId", "statementId", "status", "text", "lang", "cause", "restoredAt"]);
  const values: StatementFormValues = { status: fields.status!, text: fields.text!, lang: fields.lang!, cause: fields.cause!, restoredAt: fields.restoredAt! };
  const target = statementTarget.safeParse({ incidentId: fields.incidentId, statementId: fields.statementId || undefined });
  if (!target.success) return { outcome: "invalid", errors: fieldErrors(target.error), values };

  // The form's restored time is a wall-clock time in the display zone (a
  // datetime-local field); the schema takes an instant. One it cannot read
  // goes on as typed, and the schema names the field.
  const typed = values.restoredAt.trim();
  const restoredAt = typed ? (localToInstant(typed, env().DISPLAY_TIME_ZONE)?.toISOString() ?? typed) : "";
  const now = new Date();
  const parsed = parseStatement({ ...values, restoredAt }, now);
  if (!parsed.ok) return { outcome: "invalid", errors: parsed.errors, values };

  const account = { accountId: staff.accountId, isp: staff.isp };
  const { incidentId, statementId } = target.data;
  let notice: "posted" | "edited" | "unchanged";
  let id: number;
  try {
    if (statementId) {
      const edited = await editStatement(db(), { account, statementId, input: parsed.input }, now);
      notice = edited.changed ? "edited" : "unchanged";
      id = edited.statementId;
    } else {
      id = (await postStatement(db(), { account, incidentId, input: parsed.input }, now)).statementId;
      notice = "posted";
    }
  } catch (error) {
    if (error instanceof StatementRefused) return { outcome: "refused", code: error.code, values };
    if (isStorageFailure(error)) return { outcome: "refused", code: "unavailable", values };
    throw error;
  }
  return redirect({ href: { pathname: `/isp-desk/incidents/${incidentId}`, query: { notice, statement: String(id) } }, locale });
}

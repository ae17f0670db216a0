"use server";

import { getLocale } from "next-intl/server";
import { requireModerator } from "@/app/[locale]/admin/moderator";
import { db } from "@/db/runtime";
import { hideStatement } from "@/db/statements/hide-statement";
import { redirect } from "@/i18n/navigation";
import { fieldErrors, formFields } from "@/lib/moderation/moderation-input";
import { StatementRefused } from "@/lib/statements/statement-errors";
import { hideInput } from "@/lib/statements/statement-input";
import { isStorageFailure } from "@/lib/storage-failure";

// Hiding a provider's statement, as a server action (a plain form post
// without JavaScript): a moderator only, a reason required, the hide and its
// audit entry in one transaction (db/statements/hide-statement.ts).

export type HideState = { outcome: "idle" } | { outcome: "invalid"; errors: Record<string, string>; reason: string } | { outcome: "refused"; code: string; reason: string };

export async function hideStatementAction(_previous: HideState, data: FormData): Promise<HideState> {
  const locale = await getLocale();
  const moderator = await requireModerator(locale);
  const fields = formFields(data, ["statementId", "reason"]);
  const parsed = hideInput.safeParse(fields);
  if (!parsed.success) return { outcome: "invalid", errors: fieldErrors(parsed.error), reason: fields.reason ?? "" };
  const { statementId, reason } = parsed.data;
  let notice: string;
  try {
    notice = (await hideStatement(db(), { moderatorId: moderator.accountId, statementId, reason }, new Date())).changed ? "hidden" : "already_hidden";
  } catch (error) {
    if (error instanceof StatementRefused) return { outcome: "refused", code: error.code, reason };
    if (isStorageFailure(error)) return { outcome: "refused", code: "unavailable", reason };
    throw error;
  }
  return redirect({ href: { pathname: "/admin/statements", query: { notice, statement: String(statementId) } }, locale });
}

"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { voidReportAction, type VoidState } from "@/app/[locale]/admin/(moderation)/actions";
import { MAX_VOID_REASON_LENGTH } from "@/lib/moderation/vocabulary";

/**
 * Void a counted report, with a reason (required). Works without JavaScript
 * (the server action posts and the page comes back with its answer); the
 * reason typed is kept when it is refused.
 */
export function VoidForm({ reportId, returnTo }: { reportId: number; returnTo: string }) {
  const t = useTranslations("admin.void");
  const tErrors = useTranslations("admin.errors");
  const [state, action, pending] = useActionState<VoidState, FormData>(voidReportAction, { status: "idle" });
  const reason = state.status === "idle" ? "" : state.reason;
  const error = state.status === "invalid" ? (state.errors.reason ?? state.errors.reportId) : undefined;
  return (
    <form action={action} className="report-form void-form" noValidate data-testid="void-form">
      <h2>{t("title")}</h2>
      <p className="muted">{t("explain")}</p>
      {state.status === "refused" ? (
        <p className="form-error" role="alert" data-testid="void-refused">
          {t(`refused.${state.code}` as "refused.not_found")}
        </p>
      ) : null}
      <input type="hidden" name="reportId" value={reportId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <div className={error ? "field has-error" : "field"}>
        <label htmlFor="void-reason">{t("reason")}</label>
        <p id="void-reason-hint" className="field-hint">
          {t("reasonHint")}
        </p>
        <textarea
          id="void-reason"
          name="reason"
          rows={3}
          maxLength={MAX_VOID_REASON_LENGTH}
          required
          defaultValue={reason}
          key={reason}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "void-reason-hint void-reason-error" : "void-reason-hint"}
        />
        {error ? (
          <p id="void-reason-error" className="field-error">
            {tErrors(error as "required")}
          </p>
        ) : null}
      </div>
      <p>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? t("pending") : t("submit", { id: reportId })}
        </button>
      </p>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { hideStatementAction, type HideState } from "@/app/[locale]/admin/(moderation)/statements/actions";
import { MAX_HIDE_REASON } from "@/lib/statements/vocabulary";

/**
 * Hide a provider's statement, with a reason (required, public: the
 * incident's page shows it). Works without JavaScript; the reason typed is
 * kept when it is refused.
 */
export function HideStatementForm({ statementId }: { statementId: number }) {
  const t = useTranslations("Statements");
  const [state, action, pending] = useActionState<HideState, FormData>(hideStatementAction, { outcome: "idle" });
  const reason = state.outcome === "idle" ? "" : state.reason;
  const error = state.outcome === "invalid" ? (state.errors.reason ?? state.errors.statementId) : undefined;
  const id = `hide-${statementId}-reason`;
  return (
    <form action={action} className="report-form hide-statement-form" noValidate data-testid="hide-statement-form">
      {state.outcome === "refused" ? (
        <p className="form-error" role="alert">
          {t(`moderation.notices.${state.code}` as "moderation.notices.unavailable")}
        </p>
      ) : null}
      <input type="hidden" name="statementId" value={statementId} />
      <div className={error ? "field has-error" : "field"}>
        <label htmlFor={id}>{t("moderation.reason")}</label>
        <p id={`${id}-hint`} className="field-hint">
          {t("moderation.reasonHint")}
        </p>
        <textarea
          id={id}
          name="reason"
          rows={2}
          maxLength={MAX_HIDE_REASON}
          required
          defaultValue={reason}
          key={reason}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        />
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {t(`errors.${error}` as "errors.required")}
          </p>
        ) : null}
      </div>
      <p>
        <button type="submit" className="button" disabled={pending}>
          {pending ? t("moderation.pending") : t("moderation.submit", { id: statementId })}
        </button>
      </p>
    </form>
  );
}

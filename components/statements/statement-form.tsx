"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { statementAction, type StatementFormState, type StatementFormValues } from "@/app/[locale]/isp-desk/incidents/[id]/actions";
import { StatementTextarea } from "@/components/statements/statement-textarea";
import { MAX_STATEMENT_CAUSE, MAX_STATEMENT_TEXT, STATEMENT_LANGS, STATEMENT_STATUSES } from "@/lib/statements/vocabulary";

type Field = keyof StatementFormValues;

/**
 * Post a statement, or (with `statement`) edit one as its next version,
 * prefilled with what it says now. Works without JavaScript: the server
 * action posts and the page comes back with its answer; refused or invalid,
 * what was typed is kept and each failing field says why.
 */
export function StatementForm({
  incidentId,
  statement,
  defaults,
  zone,
}: {
  incidentId: number;
  /** The statement being edited, or none to post a new one. */
  statement?: { id: number };
  defaults: StatementFormValues;
  /** The display time zone's name, for the restored time. */
  zone: string;
}) {
  const t = useTranslations("Statements");
  const [state, action, pending] = useActionState<StatementFormState, FormData>(statementAction, { outcome: "idle" });
  const values = state.outcome === "idle" ? defaults : state.values;
  const errors = state.outcome === "invalid" ? state.errors : {};
  const prefix = statement ? `edit-${statement.id}` : "post";
  const id = (field: Field) => `${prefix}-${field}`;
  // A fresh form (new defaults) when the server answers: each answer remounts the fields with what it carries.
  const key = state.outcome === "idle" ? "idle" : JSON.stringify(state);
  const error = (field: Field) =>
    errors[field] ? (
      <p id={`${id(field)}-error`} className="field-error">
        {t(`errors.${errors[field]}` as "errors.invalid")}
      </p>
    ) : null;
  const describedBy = (field: Field, hint?: boolean) => [hint ? `${id(field)}-hint` : "", errors[field] ? `${id(field)}-error` : ""].filter(Boolean).join(" ") || undefined;
  const fieldClass = (field: Field) => (errors[field] ? "field has-error" : "field");

  return (
    <form action={action} className="report-form statement-form" noValidate data-testid={statement ? "statement-edit-form" : "statement-form"} key={key}>
      <p className="muted">{statement ? t("form.editHint") : t("form.publicHint")}</p>
      {state.outcome === "refused" ? (
        <p className="form-error" role="alert" data-testid="statement-refused">
          {t(`refused.${state.code}` as "refused.conflict")}
        </p>
      ) : null}
      {errors.incidentId || errors.statementId ? (
        <p className="form-error" role="alert">
          {t("errors.invalid")}
        </p>
      ) : null}
      <input type="hidden" name="incidentId" value={incidentId} />
      {statement ? <input type="hidden" name="statementId" value={statement.id} /> : null}

      <div className={fieldClass("status")}>
        <label htmlFor={id("status")}>{t("form.status")}</label>
        <select id={id("status")} name="status" defaultValue={values.status} aria-invalid={errors.status ? true : undefined} aria-describedby={describedBy("status")}>
          {STATEMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        {error("status")}
      </div>

      <div className={fieldClass("text")}>
        <label htmlFor={id("text")}>{t("form.text")}</label>
        <p id={`${id("text")}-hint`} className="field-hint">
          {t("form.textHint", { max: MAX_STATEMENT_TEXT })}
        </p>
        <StatementTextarea
          id={id("text")}
          name="text"
          defaultValue={values.text}
          max={MAX_STATEMENT_TEXT}
          describedBy={describedBy("text", true)!}
          invalid={!!errors.text}
          lang={values.lang || undefined}
        />
        {error("text")}
      </div>

      <div className={fieldClass("lang")}>
        <label htmlFor={id("lang")}>{t("form.lang")}</label>
        <select id={id("lang")} name="lang" defaultValue={values.lang} aria-invalid={errors.lang ? true : undefined} aria-describedby={describedBy("lang")}>
          {STATEMENT_LANGS.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`lang.${l}`)}
            </option>
          ))}
        </select>
        {error("lang")}
      </div>

      <div className={fieldClass("cause")}>
        <label htmlFor={id("cause")}>{t("form.cause")}</label>
        <p id={`${id("cause")}-hint`} className="field-hint">
          {t("form.causeHint", { max: MAX_STATEMENT_CAUSE })}
        </p>
        <input id={id("cause")} name="cause" type="text" dir="auto" defaultValue={values.cause} aria-invalid={errors.cause ? true : undefined} aria-describedby={describedBy("cause", true)} />
        {error("cause")}
      </div>

      <div className={fieldClass("restoredAt")}>
        <label htmlFor={id("restoredAt")}>{t("form.restoredAt")}</label>
        <p id={`${id("restoredAt")}-hint`} className="field-hint">
          {t("form.restoredHint", { zone })}
        </p>
        <input
          id={id("restoredAt")}
          name="restoredAt"
          type="datetime-local"
          dir="ltr"
          defaultValue={values.restoredAt}
          aria-invalid={errors.restoredAt ? true : undefined}
          aria-describedby={describedBy("restoredAt", true)}
        />
        {error("restoredAt")}
      </div>

      <p>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? t("form.pending") : statement ? t("form.submitEdit") : t("form.submitPost")}
        </button>
      </p>
    </form>
  );
}

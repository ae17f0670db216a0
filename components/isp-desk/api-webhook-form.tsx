"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Field } from "@/components/report/field";
import { registerWebhookAction, type NewWebhookState } from "@/app/[locale]/isp-desk/api/actions";

/**
 * Add a webhook: its URL, then its signing secret, shown this once. Works
 * without JavaScript (the server action posts and the page comes back with
 * its answer); a refused URL is kept in the field with the reason.
 */
export function ApiWebhookForm() {
  const t = useTranslations("IspDeskApi.webhooks");
  const tErrors = useTranslations("IspDeskApi.errors");
  const [state, action, pending] = useActionState<NewWebhookState, FormData>(registerWebhookAction, { status: "idle" });
  const errors = state.status === "invalid" ? state.errors : {};
  const url = state.status === "invalid" ? state.url : "";
  const error = errors.url ?? errors.form;
  return (
    <>
      {state.status === "created" ? (
        <div className="notice" role="status" data-testid="webhook-created">
          <p>{t("created")}</p>
          <div className="command">
            <pre dir="ltr">
              <code data-testid="webhook-secret">{state.secret}</code>
            </pre>
          </div>
          <p className="muted">{t("secretHint")}</p>
        </div>
      ) : null}
      <form action={action} className="report-form" noValidate data-testid="webhook-form">
        <h3>{t("formTitle")}</h3>
        <Field name="url" label={t("url")} hint={t("urlHint")} message={error ? (tErrors.has(error) ? tErrors(error as "invalid_url") : tErrors("invalid")) : undefined}>
          {(control) => (
            <input {...control} type="text" inputMode="url" dir="ltr" placeholder="https://" maxLength={2000} required autoComplete="off" spellCheck={false} defaultValue={url} key={`${state.status}:${url}`} />
          )}
        </Field>
        <p>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? t("pending") : t("submit")}
          </button>
        </p>
      </form>
    </>
  );
}

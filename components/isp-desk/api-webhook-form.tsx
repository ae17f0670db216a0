"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
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
        <div className={error ? "field has-error" : "field"}>
          <label htmlFor="webhook-url">{t("url")}</label>
          <p id="webhook-url-hint" className="field-hint">
            {t("urlHint")}
          </p>
          <input
            id="webhook-url"
            name="url"
            type="text"
            inputMode="url"
            dir="ltr"
            placeholder="https://"
            maxLength={2000}
            required
            autoComplete="off"
            spellCheck={false}
            defaultValue={url}
            key={`${state.status}:${url}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "webhook-url-hint webhook-url-error" : "webhook-url-hint"}
          />
          {error ? (
            <p id="webhook-url-error" className="field-error">
              {tErrors.has(error) ? tErrors(error as "invalid_url") : tErrors("invalid")}
            </p>
          ) : null}
        </div>
        <p>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? t("pending") : t("submit")}
          </button>
        </p>
      </form>
    </>
  );
}

"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Field } from "@/components/report/field";
import { createTokenAction, type NewTokenState } from "@/app/[locale]/isp-desk/api/actions";

/**
 * Make an API token: a name, then the token, shown this once, with a curl
 * line to try it. Without JavaScript the server action posts and the page
 * comes back with the token in it; with it, the same without a reload. (The
 * token module stays on the server: `maxLabel` comes from the page.)
 */
export function ApiTokenForm({ origin, isp, maxLabel }: { origin: string; isp: string; maxLabel: number }) {
  const t = useTranslations("IspDeskApi.tokens");
  const tErrors = useTranslations("IspDeskApi.errors");
  const [state, action, pending] = useActionState<NewTokenState, FormData>(createTokenAction, { status: "idle" });
  const errors = state.status === "invalid" ? state.errors : {};
  const label = state.status === "invalid" ? state.label : "";
  const error = errors.label ?? errors.form;
  return (
    <>
      {state.status === "created" ? (
        <div className="notice" role="status" data-testid="token-created">
          <p>{t("created", { label: state.label })}</p>
          <div className="command">
            <pre dir="ltr">
              <code data-testid="new-token">{state.token}</code>
            </pre>
          </div>
          <p className="muted">{t("copyHint")}</p>
          <p>{t("example")}</p>
          <div className="command">
            <pre dir="ltr">
              <code data-testid="token-curl">{`curl -H "Authorization: Bearer ${state.token}" "${origin}/api/v1/incidents?isp=${isp}"`}</code>
            </pre>
          </div>
        </div>
      ) : null}
      <form action={action} className="report-form" noValidate data-testid="token-form">
        <h3>{t("formTitle")}</h3>
        <Field name="label" label={t("label")} hint={t("labelHint")} message={error ? (tErrors.has(error) ? tErrors(error as "required") : tErrors("invalid")) : undefined}>
          {(control) => <input {...control} type="text" maxLength={maxLabel} required autoComplete="off" defaultValue={label} key={`${state.status}:${label}`} />}
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

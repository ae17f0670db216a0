"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { signInAction, type SignInState } from "@/app/[locale]/admin/login/actions";

/**
 * The sign-in form. Without JavaScript it posts the server action and the
 * page comes back with the answer; with it, the same action without a reload.
 */
export function LoginForm({ notice }: { notice?: string }) {
  const t = useTranslations("admin.login");
  const tErrors = useTranslations("admin.errors");
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { status: "idle", username: "" });
  const errors = state.status === "invalid" ? state.errors : {};
  const field = (name: "username" | "password") => ({
    id: `login-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `login-${name}-error` : undefined,
  });
  return (
    <form action={action} className="report-form admin-login" noValidate data-testid="login-form">
      {/* Signed out, or the session ended: said until the next attempt answers. */}
      {notice && state.status === "idle" ? (
        <p className="notice" role="status" data-testid="login-notice">
          {notice}
        </p>
      ) : null}
      {state.status === "wrong" || state.status === "rate_limited" || state.status === "busy" || state.status === "unavailable" ? (
        <p className="form-error" role="alert" data-testid={`login-${state.status}`}>
          {state.status === "rate_limited" ? t("rateLimited", { minutes: Math.ceil(state.retryAfterSeconds / 60) }) : t(state.status)}
        </p>
      ) : null}
      <div className={errors.username ? "field has-error" : "field"}>
        <label htmlFor="login-username">{t("username")}</label>
        <input {...field("username")} type="text" dir="ltr" autoComplete="username" autoCapitalize="none" spellCheck={false} required defaultValue={state.username} key={state.username} />
        {errors.username ? (
          <p id="login-username-error" className="field-error">
            {tErrors(errors.username as "required")}
          </p>
        ) : null}
      </div>
      <div className={errors.password ? "field has-error" : "field"}>
        <label htmlFor="login-password">{t("password")}</label>
        <input {...field("password")} type="password" dir="ltr" autoComplete="current-password" required />
        {errors.password ? (
          <p id="login-password-error" className="field-error">
            {tErrors(errors.password as "required")}
          </p>
        ) : null}
      </div>
      <p>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? t("pending") : t("submit")}
        </button>
      </p>
    </form>
  );
}

"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";

export type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  /** An error code, said in the words of the "errors" catalogue… */
  error?: string;
  /** …or the error already in the form's own words. */
  message?: string;
  children: (control: { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => ReactNode;
};

/** A labelled control with its hint and, next to it, its error in the page's language. */
export function Field({ name, label, hint, error, message, children }: FieldProps) {
  const tErrors = useTranslations("errors");
  const id = `field-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const said = message ?? (error ? tErrors(error as "required") : undefined);
  const errorId = said ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={said ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({ id, name, "aria-invalid": said ? true : undefined, "aria-describedby": describedBy })}
      {said ? (
        <p id={errorId} className="field-error">
          {said}
        </p>
      ) : null}
    </div>
  );
}

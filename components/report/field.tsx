"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";

export type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (control: { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => ReactNode;
};

/** A labelled control with its hint and, next to it, its error in the page's language. */
export function Field({ name, label, hint, error, children }: FieldProps) {
  const tErrors = useTranslations("errors");
  const id = `field-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p id={errorId} className="field-error">
          {tErrors(error as "required")}
        </p>
      ) : null}
    </div>
  );
}

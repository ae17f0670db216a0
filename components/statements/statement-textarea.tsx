"use client";

import { useState, useSyncExternalStore } from "react";
import { useTranslations } from "next-intl";
import { characterCount } from "@/lib/statements/vocabulary";

const noSubscribe = () => () => {};
// Counted as the server counts (lib/statements/statement-input.ts): the
// same characters after NFC, without the blanks at either end.
const counted = (text: string) => characterCount(text.normalize("NFC").trim());

/**
 * The statement's textarea with a running count of its characters. The
 * count is drawn only once the page runs script: without it the form still
 * posts, the hint above the field says the limit, and the server answers
 * with "too long" if it is passed. No maxlength: a browser counts UTF-16
 * units, which is not what the limit counts.
 */
export function StatementTextarea({
  id,
  name,
  defaultValue,
  max,
  describedBy,
  invalid,
  lang,
  rows = 6,
}: {
  id: string;
  name: string;
  defaultValue: string;
  max: number;
  describedBy: string;
  invalid: boolean;
  lang?: string;
  rows?: number;
}) {
  const t = useTranslations("Statements.form");
  const scripted = useSyncExternalStore(noSubscribe, () => true, () => false);
  const [count, setCount] = useState(() => counted(defaultValue));
  const over = count > max;
  return (
    <>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required
        defaultValue={defaultValue}
        dir="auto"
        lang={lang}
        onInput={(e) => setCount(counted(e.currentTarget.value))}
        aria-invalid={invalid || over ? true : undefined}
        aria-describedby={scripted ? `${describedBy} ${id}-counter` : describedBy}
      />
      {scripted ? (
        <p id={`${id}-counter`} className={over ? "field-error statement-counter" : "field-hint statement-counter"} data-testid="statement-counter" data-count={count}>
          {over ? t("over", { count: count - max }) : t("counter", { count, max })}
        </p>
      ) : null}
    </>
  );
}

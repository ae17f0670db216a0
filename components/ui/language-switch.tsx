"use client";

import { useSearchParams } from "next/navigation";
import { Link, usePathname } from "@/i18n/navigation";

/** Same page, other language; the query string (filters) comes along. */
export function LanguageSwitch({ current, label, title }: { current: string; label: string; title: string }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const other = current === "ur" ? "en" : "ur";
  return (
    <Link href={search ? `${pathname}?${search}` : pathname} locale={other} lang={other} title={title} className="lang-switch">
      {label}
    </Link>
  );
}

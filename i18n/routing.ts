import { defineRouting } from "next-intl/routing";

// English at /, Urdu at /ur: the path a reporter shares is the language they read.
export const routing = defineRouting({
  locales: ["en", "ur"],
  defaultLocale: "en",
  localePrefix: "as-needed",
});

export type AppLocale = (typeof routing.locales)[number];
export const isRtl = (locale: string) => locale === "ur";

import { defineRouting } from "next-intl/routing";

// English at /, Urdu at /ur: the path a reporter shares is the language they read.
export const routing = defineRouting({
  locales: ["en", "ur"],
  defaultLocale: "en",
  localePrefix: "as-needed",
  // The language a reporter picks sticks: /report, the installed app's start
  // page and any shared link without /ur open in it for a year. The cookie
  // holds only "en" or "ur".
  localeCookie: { maxAge: 365 * 24 * 3600 },
});

export type AppLocale = (typeof routing.locales)[number];
export const isRtl = (locale: string) => locale === "ur";

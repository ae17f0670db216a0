import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ur from "@/messages/ur.json";
import type { EmbedLocale } from "@/lib/embed/embed-target";

// The embeds' words, from the site's catalogues (the `embed` namespace).
// Embeds are route handlers outside the [locale] tree, where next-intl's
// request config does not run: the language comes from `?lang=`, and the
// translator is made here from the imported catalogue (precompiled by the
// build like every other import of messages/, see next.config.ts).

export type EmbedText = {
  locale: EmbedLocale;
  t: (key: string, values?: Record<string, string | number>) => string;
  /** The site's name in this language: "Disruption Watch". */
  siteName: string;
};

export function embedText(locale: EmbedLocale): EmbedText {
  const translate = createTranslator({ locale, messages: (locale === "ur" ? ur : en) as typeof en, namespace: "embed" });
  const app = createTranslator({ locale, messages: (locale === "ur" ? ur : en) as typeof en, namespace: "app" });
  return {
    locale,
    t: (key, values) => translate(key as never, values as never),
    siteName: app("name"),
  };
}

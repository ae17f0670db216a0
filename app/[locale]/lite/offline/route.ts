import { hasLocale } from "next-intl";
import { getTranslations } from "next-intl/server";
import { routing } from "@/i18n/routing";
import { html } from "@/components/lite/html";
import { liteDocument, litePath } from "@/components/lite/lite-page";

// What the service worker answers when the light form is posted with no
// connection: the page it keeps for that moment, in the page's language.
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string }> }): Promise<Response> {
  const locale = (await params).locale;
  if (!hasLocale(routing.locales, locale)) return new Response("Not found", { status: 404 });
  const tr = await getTranslations({ locale });
  const t = (key: string) => tr(key as never);
  const body = html`<h1>${t("lite.offlineTitle")}</h1>
<p>${t("lite.offlineBody")}</p>
<p><a href="${litePath(locale)}" onclick="history.back();return false">${t("lite.back")}</a></p>`;
  return new Response(liteDocument(locale, t, t("lite.offlineTitle"), body), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" },
  });
}

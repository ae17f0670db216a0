import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { hasLocale, NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { routing, isRtl } from "@/i18n/routing";
import { SiteHeader } from "@/components/ui/site-header";
import { Link } from "@/i18n/navigation";
import { DemoBanner } from "@/components/ui/demo-banner";
import { ServiceWorker } from "@/components/ui/service-worker";
import { DeferredFont } from "@/components/ui/deferred-font";
import { urduFont } from "@/app/[locale]/urdu-font";
import "@/app/globals.css";

// Every page reads live data from the database the server entry opened; none
// is prerendered, so `next build` never needs (or opens) a database.
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "app" });
  return { title: { default: t("name"), template: `%s · ${t("name")}` }, description: t("tagline"), icons: { icon: "/icons/icon.svg", apple: "/icons/icon-192.png" } };
}

export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations("app");
  return (
    <html lang={locale} dir={isRtl(locale) ? "rtl" : "ltr"}>
      <body>
        <a href="#main" className="skip-link">
          {t("skipToMain")}
        </a>
        {/* Locale and time zone only: a page whose client components speak
            passes their messages itself (i18n/client-messages.ts). */}
        <NextIntlClientProvider messages={null}>
          <DemoBanner />
          <SiteHeader />
          <main id="main" tabIndex={-1}>{children}</main>
          <footer className="site-footer">
            <p>{t("footer")}</p>
            <p>
              <Link href="/methodology">{t("methodology")}</Link> ·{" "}
              <Link href="/data">{t("footerData")}</Link>
            </p>
          </footer>
          <ServiceWorker />
          {locale === "ur" ? <DeferredFont className={urduFont.variable} /> : null}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

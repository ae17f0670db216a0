import { getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import { LanguageSwitch } from "@/components/ui/language-switch";

export async function SiteHeader() {
  const t = await getTranslations("app");
  const locale = await getLocale();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        {t("name")}
      </Link>
      <nav aria-label={t("name")}>
        <Link href="/">{t("nav.home")}</Link>
        <Link href="/map">{t("nav.map")}</Link>
        <Link href="/incidents">{t("nav.incidents")}</Link>
        <Link href="/data">{t("nav.data")}</Link>
        <Link href="/report" className="nav-cta">
          {t("nav.report")}
        </Link>
        <LanguageSwitch current={locale} label={t("language")} title={t("languageLabel")} />
      </nav>
    </header>
  );
}

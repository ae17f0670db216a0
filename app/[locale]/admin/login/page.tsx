import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { currentModerator, homeOf } from "@/app/[locale]/admin/moderator";
import { LoginForm } from "@/components/admin/login-form";
import { clientMessages } from "@/i18n/client-messages";
import { redirect } from "@/i18n/navigation";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "admin.login" });
  return { title: t("title") };
}

export default async function LoginPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const account = await currentModerator();
  if (account) redirect({ href: homeOf(account), locale });
  const query = await searchParams;
  const t = await getTranslations("admin.login");
  const notice = query.signedOut ? t("signedOut") : query.ended ? t("ended") : undefined;
  return (
    <div className="page admin-page admin-login-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <NextIntlClientProvider messages={await clientMessages(["admin"])}>
        <LoginForm notice={notice} />
      </NextIntlClientProvider>
      <p className="muted">{t("httpsNote")}</p>
    </div>
  );
}

import { getTranslations, setRequestLocale } from "next-intl/server";
import { findSubscription } from "@/db/alerts/subscriptions";
import { db } from "@/db/runtime";
import { followsText } from "@/lib/alerts/confirmation";
import type { Follows } from "@/lib/alerts/follows";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * /alerts/confirm?token=…: the link of the confirmation mail. It shows what
 * was asked for and a button; only the button (a POST) confirms, so a mail
 * scanner that fetches links confirms nothing.
 */
export default async function ConfirmPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("alerts");
  const token = String((await searchParams).token ?? "");
  const sub = token ? await findSubscription(db(), token) : undefined;
  return (
    <div className="page" data-testid="alerts-confirm">
      <h1>{t("confirmTitle")}</h1>
      {sub ? (
        <form method="post" action={`/api/v1/alerts/confirm/${encodeURIComponent(token)}${locale === "ur" ? "?lang=ur" : ""}`} className="card">
          <p>{t("confirmText", { channel: t(`channels.${sub.channel}`), follows: followsText(sub.follows as Follows, locale) })}</p>
          <button type="submit" data-testid="alerts-confirm-button">
            {t("confirm")}
          </button>
        </form>
      ) : (
        <p className="notice notice-problem">{t("unknown")}</p>
      )}
    </div>
  );
}

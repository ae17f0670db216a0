import type { Metadata } from "next";
import { headers } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { requireIspStaff } from "@/app/[locale]/admin/moderator";
import { Notice } from "@/components/admin/notice";
import { ApiTokenForm } from "@/components/isp-desk/api-token-form";
import { ApiTokensTable } from "@/components/isp-desk/api-tokens-table";
import { ApiWebhookForm } from "@/components/isp-desk/api-webhook-form";
import { ApiWebhooksList } from "@/components/isp-desk/api-webhooks-list";
import { ispTier, listTokens } from "@/db/isp-desk/tokens";
import { listIspWebhooks } from "@/db/isp-desk/webhooks";
import { db } from "@/db/runtime";
import { clientMessages } from "@/i18n/client-messages";
import { env } from "@/lib/env";
import { headersOrigin } from "@/lib/http/site-origin";
import { readsPerMinute } from "@/lib/isp-desk/tiers";
import { MAX_TOKEN_LABEL } from "@/lib/isp-desk/token";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const DONE = new Set(["revoked", "removed"]);
const KNOWN = new Set([...DONE, "not_found", "unavailable", "invalid"]);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "IspDeskApi" });
  return { title: t("title") };
}

/**
 * The desk's "API and webhooks": the ISP's read-API tokens (made here,
 * shown once, revoked here) and its webhooks with every delivery attempt.
 * Only this ISP's, whatever the URL or a form says: the session decides.
 */
export default async function DeskApiPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireIspStaff(locale);
  const t = await getTranslations("IspDeskApi");
  const query = await searchParams;
  const e = env();
  const tokens = await listTokens(db(), staff.isp);
  const hooks = await listIspWebhooks(db(), staff.isp);
  const tier = await ispTier(db(), staff.isp);
  // The address a tool outside should call: the configured one, else the one this page was asked at.
  const origin = e.PUBLIC_URL ?? headersOrigin(await headers());
  const notice = typeof query.notice === "string" && KNOWN.has(query.notice) ? query.notice : undefined;
  return (
    <div className="page admin-page desk-api-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {notice ? (
        <Notice tone={DONE.has(notice) ? "done" : "problem"}>
          <p>{t(`notices.${notice}` as "notices.revoked")}</p>
        </Notice>
      ) : null}
      <NextIntlClientProvider messages={await clientMessages(["IspDeskApi", "errors"])}>
        <section className="card" aria-labelledby="desk-tokens" data-testid="desk-tokens">
          <h2 id="desk-tokens">{t("tokens.title")}</h2>
          <p>
            {e.READ_RATE_LIMIT_PER_MINUTE > 0
              ? t("tokens.intro", { limit: readsPerMinute(tier), tier: t(`tiers.${tier}`), anonymous: e.READ_RATE_LIMIT_PER_MINUTE })
              : t("tokens.introUnlimited")}
          </p>
          <p className="muted">{t("tokens.hashed")}</p>
          <ApiTokenForm origin={origin} isp={staff.isp} maxLabel={MAX_TOKEN_LABEL} />
          <ApiTokensTable tokens={tokens} />
        </section>
        <section className="card" aria-labelledby="desk-webhooks" data-testid="desk-webhooks">
          <h2 id="desk-webhooks">{t("webhooks.title")}</h2>
          <p>{t("webhooks.intro")}</p>
          <ApiWebhookForm />
          <ApiWebhooksList hooks={hooks} />
        </section>
      </NextIntlClientProvider>
    </div>
  );
}

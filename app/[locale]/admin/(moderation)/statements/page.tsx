import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { requireModerator } from "@/app/[locale]/admin/moderator";
import { Notice } from "@/components/admin/notice";
import { HideStatementForm } from "@/components/statements/hide-statement-form";
import { ispName } from "@/components/statements/statement-view";
import { db } from "@/db/runtime";
import { recentStatements } from "@/db/statements/recent-statements";
import { clientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { isRtl } from "@/i18n/routing";
import { env } from "@/lib/env";
import { decodeCursor } from "@/lib/moderation/cursor";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const NOTICES = new Set(["hidden", "already_hidden"]);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "Statements.moderation" });
  return { title: t("title") };
}

/** Providers' statements for moderators: the latest version of each, newest first, each with a form to hide it. */
export default async function StatementsModerationPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireModerator(locale);
  const query = await searchParams;
  const one = (k: string) => (Array.isArray(query[k]) ? query[k][0] : query[k]);
  const t = await getTranslations("Statements");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone: env().DISPLAY_TIME_ZONE });
  const cursor = one("cursor");
  const page = await recentStatements(db(), decodeCursor(cursor));
  const notice = one("notice");
  const noticeId = one("statement");
  return (
    <div className="page admin-page">
      <h1>{t("moderation.title")}</h1>
      <p className="lead">{t("moderation.intro")}</p>
      {notice && NOTICES.has(notice) && noticeId && /^\d{1,15}$/.test(noticeId) ? (
        <Notice tone="done">
          <p>{t(`moderation.notices.${notice}` as "moderation.notices.hidden", { id: noticeId })}</p>
        </Notice>
      ) : null}
      {page.items.length === 0 ? (
        <p className="empty">{t("moderation.empty")}</p>
      ) : (
        <NextIntlClientProvider messages={await clientMessages(["Statements"])}>
          <ol className="queue" data-testid="statement-queue">
            {page.items.map((s) => (
              <li key={s.statementId} className="card queue-item" data-statement-id={s.statementId} data-hidden={s.hidden ? "true" : undefined}>
                <h2 className="queue-item-title">
                  <bdi>{ispName(s.isp, locale)}</bdi> · {t("moderation.statement", { id: s.statementId, version: s.version })}
                </h2>
                <p className="muted">
                  <Link href={`/incidents/${s.incidentId}`}>{t("moderation.incident", { id: s.incidentId })}</Link> · {t(`status.${s.status}`)} · {when(s.postedAt)}
                </p>
                <p className="statement-text" lang={s.lang} dir={isRtl(s.lang) ? "rtl" : "ltr"}>
                  {s.text}
                </p>
                {s.cause ? (
                  <p className="muted">
                    {t("cause")}: <bdi>{s.cause}</bdi>
                  </p>
                ) : null}
                {s.hidden ? (
                  <p className="muted" data-testid="statement-hidden">
                    {t("moderation.hiddenAt", { time: when(s.hidden.at), reason: s.hidden.reason })}
                  </p>
                ) : (
                  <details>
                    <summary>{t("moderation.hideTitle")}</summary>
                    <HideStatementForm statementId={s.statementId} />
                  </details>
                )}
              </li>
            ))}
          </ol>
        </NextIntlClientProvider>
      )}
      {page.next || cursor ? (
        <p className="pager">
          {cursor ? <Link href="/admin/statements">{t("moderation.newest")}</Link> : null}
          {page.next ? (
            <Link href={{ pathname: "/admin/statements", query: { cursor: page.next } }} rel="next">
              {t("moderation.older")}
            </Link>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

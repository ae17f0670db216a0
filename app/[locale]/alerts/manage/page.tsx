import { desc, eq } from "drizzle-orm";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { findSubscription } from "@/db/alerts/subscriptions";
import { db } from "@/db/runtime";
import { notifications } from "@/db/schema";
import { Link } from "@/i18n/navigation";
import { followsText } from "@/lib/alerts/confirmation";
import type { Follows } from "@/lib/alerts/follows";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };
const RESULTS = ["confirmed", "already", "expired", "unknown", "unsubscribed"] as const;

/** /alerts/manage?token=…: one alert, its recent notices with their attempts, and a button that ends it. */
export default async function ManagePage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("alerts");
  const q = await searchParams;
  const token = String(q.token ?? "");
  const result = RESULTS.find((r) => r === q.result);
  const sub = token ? await findSubscription(db(), token) : undefined;
  const sent = sub ? await db().select().from(notifications).where(eq(notifications.subscriptionId, sub.id)).orderBy(desc(notifications.id)).limit(20) : [];
  const status = !sub ? null : sub.unsubscribedAt ? "statusEnded" : sub.confirmedAt ? "statusActive" : "statusWaiting";
  return (
    <div className="page" data-testid="alerts-manage" data-status={status ?? ""}>
      <h1>{t("manageTitle")}</h1>
      {result ? (
        <p className={result === "confirmed" || result === "already" || result === "unsubscribed" ? "notice" : "notice notice-problem"} role="status" data-testid="alerts-result-note">
          {t(`results.${result}`)}
        </p>
      ) : null}
      {sub ? (
        <section className="card">
          <dl>
            <dt>{t("status")}</dt>
            <dd data-testid="alerts-status">{t(status!)}</dd>
            <dt>{t("how")}</dt>
            <dd>{t(`channels.${sub.channel}`)}</dd>
            <dt>{t("follows")}</dt>
            <dd>
              {followsText(sub.follows as Follows, locale)}
              {sub.notifyEnd ? ` (${t("alsoEnds")})` : ""}
            </dd>
          </dl>
          <h2>{t("recent")}</h2>
          {sent.length === 0 ? (
            <p className="muted">{t("noNotices")}</p>
          ) : (
            <ul data-testid="alerts-notices">
              {sent.map((n) => (
                <li key={n.id} data-status={n.status}>
                  <Link href={`/incidents/${n.incidentId}`}>
                    {t("notice", { id: n.incidentId, event: t(`events.${n.event as "opened" | "ended"}`), status: t(`noticeStatus.${n.status as "pending"}`), attempts: n.attempts })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {!sub.unsubscribedAt ? (
            <form method="post" action={`/api/v1/alerts/unsubscribe/${encodeURIComponent(token)}?from=page${locale === "ur" ? "&lang=ur" : ""}`}>
              <button type="submit" data-testid="alerts-unsubscribe">
                {t("unsubscribe")}
              </button>
            </form>
          ) : null}
        </section>
      ) : (
        <p className="notice notice-problem">{t("unknown")}</p>
      )}
    </div>
  );
}

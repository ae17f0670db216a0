import { getFormatter, getTranslations } from "next-intl/server";
import { removeWebhookAction } from "@/app/[locale]/isp-desk/api/actions";
import type { IspWebhook } from "@/db/isp-desk/webhooks";
import { Link } from "@/i18n/navigation";
import { eventKind, type NoticeEvent } from "@/lib/alerts/notice";
import { attemptErrorKind } from "@/lib/isp-desk/attempt-error";
import { env } from "@/lib/env";

const STATUSES = new Set(["pending", "sent", "failed", "cancelled"]);

/**
 * The ISP's webhooks, each with a Remove button (a plain form post) and its
 * recent notices: the incident, what happened, where delivery stands, and
 * every attempt — when, the receiver's status code or why none came (in
 * the desk's language, then as the network said it), and how long it took.
 */
export async function ApiWebhooksList({ hooks }: { hooks: IspWebhook[] }) {
  const t = await getTranslations("IspDeskApi.webhooks");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "medium", timeZone: env().DISPLAY_TIME_ZONE });
  if (hooks.length === 0) return <p className="empty">{t("empty")}</p>;
  const event = (e: string) => {
    const kind = eventKind(e as NoticeEvent);
    return kind === "updated" ? t("events.updated", { count: Number(e.split(":")[1]) || 0 }) : t(`events.${kind}`);
  };
  return (
    <ul className="queue" data-testid="webhooks-list">
      {hooks.map((hook) => (
        <li key={hook.id} className="card queue-item" data-webhook={hook.id}>
          <h3 className="queue-item-title">
            <code className="url" dir="ltr">
              {hook.url}
            </code>
          </h3>
          <p className="muted">{t("added", { time: when(hook.createdAt) })}</p>
          <form action={removeWebhookAction}>
            <input type="hidden" name="id" value={hook.id} />
            <button type="submit" className="button" aria-label={t("removeNamed", { url: hook.url })}>
              {t("remove")}
            </button>
          </form>
          {hook.notices.length === 0 ? (
            <p className="empty">{t("noNotices")}</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t("noticesCaption", { url: hook.url })}>
              <table className="data-table" data-testid="webhook-notices">
                <caption className="visually-hidden">{t("noticesCaption", { url: hook.url })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("col.incident")}</th>
                    <th scope="col">{t("col.event")}</th>
                    <th scope="col">{t("col.status")}</th>
                    <th scope="col">{t("col.attempts")}</th>
                  </tr>
                </thead>
                <tbody>
                  {hook.notices.map((n) => (
                    <tr key={n.id} data-status={n.status}>
                      <th scope="row">
                        <Link href={`/incidents/${n.incidentId}`}>{t("incident", { id: n.incidentId })}</Link>
                      </th>
                      <td>{event(n.event)}</td>
                      <td>{STATUSES.has(n.status) ? t(`statuses.${n.status}` as "statuses.pending", { time: when(n.nextAttemptAt) }) : n.status}</td>
                      <td>
                        {n.attempts.length === 0 ? (
                          t("noAttempts")
                        ) : (
                          <ol className="code-list">
                            {n.attempts.map((a, i) => (
                              <li key={i} data-ok={a.ok ? "true" : "false"}>
                                {a.status !== null
                                  ? t("attemptAnswered", { time: when(a.at), status: a.status, ms: a.durationMs })
                                  : t.rich("attemptError", {
                                      time: when(a.at),
                                      // Said in the desk's language; what the network said follows as it is.
                                      reason: t(`attemptErrors.${attemptErrorKind(a.error)}`),
                                      error: a.error ?? "",
                                      ms: a.durationMs,
                                      err: (chunks) => <bdi dir="ltr">{chunks}</bdi>,
                                    })}
                              </li>
                            ))}
                          </ol>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

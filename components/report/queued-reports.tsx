"use client";

import { useCallback, useEffect, useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { QUEUE_CHANGED, cancelReport, listReports, sendWaiting } from "@/components/report/offline-queue";
import type { QueuedReport } from "@/lib/reports/offline-queue";

const SHORT = { timeStyle: "short", dateStyle: "medium" } as const;

/** The device's list, read again whenever the page or the service worker changes it. */
function useQueuedReports(): [QueuedReport[], () => void] {
  const [entries, setEntries] = useState<QueuedReport[]>([]);
  const reload = useCallback(() => {
    listReports().then(setEntries, () => setEntries([]));
  }, []);
  useEffect(() => {
    reload();
    const fromWorker = (event: MessageEvent) => {
      if ((event.data as { type?: string } | null)?.type === QUEUE_CHANGED) reload();
    };
    window.addEventListener(QUEUE_CHANGED, reload);
    navigator.serviceWorker?.addEventListener("message", fromWorker);
    return () => {
      window.removeEventListener(QUEUE_CHANGED, reload);
      navigator.serviceWorker?.removeEventListener("message", fromWorker);
    };
  }, [reload]);
  return [entries, reload];
}

/** Shown in place of the form once a report is kept on the device; says when it has gone. */
export function QueuedNotice({ clientReportId, madeAt, onAnother }: { clientReportId: string; madeAt: string; onAnother: () => void }) {
  const t = useTranslations("queue");
  const format = useFormatter();
  const [entries] = useQueuedReports();
  const entry = entries.find((e) => e.clientReportId === clientReportId);
  const sent = entry?.status === "sent";
  return (
    <section className={sent ? "confirmation card" : "confirmation card queued"} role="status" aria-live="polite" data-testid="queued">
      <h2>{sent ? t("sentTitle") : t("queuedTitle")}</h2>
      <p>{sent ? t("sent", { id: String(entry.reportId ?? "") }) : t("queuedBody", { time: format.dateTime(new Date(madeAt), SHORT) })}</p>
      <p>
        <button type="button" className="button primary" onClick={onAnother}>
          {t("another")}
        </button>
      </p>
    </section>
  );
}

/**
 * The reports this device kept while offline, waiting or sent. Waiting ones
 * go out when the connection returns or the page opens again (and, where the
 * browser has Background Sync, from the service worker with the page closed).
 */
export function QueuedReports() {
  const t = useTranslations("queue");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const [entries, reload] = useQueuedReports();

  useEffect(() => {
    const send = () => {
      if (navigator.onLine) void sendWaiting().then(reload, reload);
    };
    send();
    window.addEventListener("online", send);
    return () => window.removeEventListener("online", send);
  }, [reload]);

  if (entries.length === 0) return null;
  return (
    <section className="card queue-list" aria-labelledby="queue-title" data-testid="queue-list">
      <h2 id="queue-title">{t("title")}</h2>
      <ul>
        {entries.map((e) => (
          <li key={e.clientReportId} data-status={e.status}>
            <strong>{[e.summary.service, e.summary.place].filter(Boolean).join(" · ")}</strong>{" "}
            <span className="muted">{t("madeAt", { time: format.dateTime(new Date(e.madeAt), SHORT) })}</span>
            <br />
            {e.status === "queued" ? <span className="queue-status">{t("waiting")}</span> : null}
            {e.status === "sent" ? <span className="queue-status">{t("sent", { id: String(e.reportId ?? "") })}</span> : null}
            {e.status === "rejected" ? (
              <span className="queue-status field-error">{t("rejected", { reason: tErrors((e.error ?? "invalid") as "invalid") })}</span>
            ) : null}
            {e.status === "queued" ? (
              <>
                {" "}
                <button type="button" className="button" onClick={() => void cancelReport(e.clientReportId)}>
                  {t("cancel")}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

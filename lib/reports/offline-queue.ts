// The rules of the browser's offline queue, kept pure so they can be tested
// here and read next to public/sw.js, which follows the same rules by hand
// (a service worker is served as written, not bundled).
//
// A report made without a connection is kept on the device with the body the
// API will get — observedAt fixed at the moment it was made — and its
// clientReportId. Whoever sends it (the page when the connection returns or
// on next open, or the service worker's background sync) sends that same id,
// so the server stores it once however many times it arrives.

export const QUEUE_DATABASE = "disruption-watch";
export const QUEUE_STORE = "reports";
export const SYNC_TAG = "send-reports";
/** Tells POST /api/v1/reports the report was queued on a device (source "offline"). */
export const OFFLINE_SOURCE_HEADER = "X-Report-Source";

export type QueuedReport = {
  clientReportId: string;
  body: Record<string, unknown>;
  /** When the reporter pressed send, ISO 8601. */
  madeAt: string;
  /** What the reporter picked, in their words, for the list on the device. */
  summary: { place: string; service: string };
  status: "queued" | "sent" | "rejected";
  attempts: number;
  sentAt?: string;
  reportId?: number;
  /** The API's error code when the server refused it (it will not succeed later). */
  error?: string;
};

export function newQueuedReport(body: Record<string, unknown>, summary: QueuedReport["summary"], madeAt: Date): QueuedReport {
  const clientReportId = String(body.clientReportId ?? "");
  return { clientReportId, body, madeAt: madeAt.toISOString(), summary, status: "queued", attempts: 0 };
}

/**
 * The entry after the server answered `status` with `answer`. 2xx: stored
 * (200 is a replay of an id it already has — still sent once). A 4xx other
 * than 429 will not change on retry, so the report stops waiting and the list
 * says why. 429, 5xx and anything else: try again later.
 */
export function afterAnswer(entry: QueuedReport, status: number, answer: unknown, now: Date): QueuedReport {
  const attempts = entry.attempts + 1;
  if (status === 200 || status === 201) {
    const id = (answer as { id?: unknown } | null)?.id;
    return { ...entry, attempts, status: "sent", sentAt: now.toISOString(), reportId: typeof id === "number" ? id : undefined };
  }
  if (status >= 400 && status < 500 && status !== 429 && status !== 408) {
    const code = (answer as { error?: { code?: unknown } } | null)?.error?.code;
    return { ...entry, attempts, status: "rejected", error: typeof code === "string" ? code : "invalid" };
  }
  return { ...entry, attempts };
}

/** Reports still waiting, oldest first: they go in the order they were made. */
export function waiting(entries: QueuedReport[]): QueuedReport[] {
  return entries.filter((e) => e.status === "queued").sort((a, b) => a.madeAt.localeCompare(b.madeAt));
}

const KEEP_DONE_MS = 7 * 24 * 3600_000;

/** Sent or refused reports older than a week leave the device's list. */
export function expired(entries: QueuedReport[], now: Date): string[] {
  return entries
    .filter((e) => e.status !== "queued" && now.getTime() - Date.parse(e.sentAt ?? e.madeAt) > KEEP_DONE_MS)
    .map((e) => e.clientReportId);
}

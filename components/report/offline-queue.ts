import { createStore, del, get, set, values, type UseStore } from "idb-keyval";
import {
  OFFLINE_SOURCE_HEADER,
  QUEUE_DATABASE,
  QUEUE_STORE,
  SYNC_TAG,
  afterAnswer,
  expired,
  waiting,
  type QueuedReport,
} from "@/lib/reports/offline-queue";

// The device side of the offline queue (IndexedDB through idb-keyval). The
// rules live in lib/reports/offline-queue.ts; public/sw.js reads the same
// database for background sync.

export const QUEUE_CHANGED = "report-queue-changed";

let store: UseStore | undefined;
const db = () => (store ??= createStore(QUEUE_DATABASE, QUEUE_STORE));
const changed = () => window.dispatchEvent(new Event(QUEUE_CHANGED));

export async function queueReport(entry: QueuedReport): Promise<void> {
  await set(entry.clientReportId, entry, db());
  changed();
  // Where the browser has Background Sync, the service worker sends it even
  // if this page is closed; elsewhere the page sends it when it next opens.
  try {
    const registration = (await navigator.serviceWorker?.getRegistration()) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await registration?.sync?.register(SYNC_TAG);
  } catch {
    // No sync permission or no worker: the page's own sending still holds.
  }
}

export async function isKnown(clientReportId: string): Promise<boolean> {
  return (await get(clientReportId, db())) !== undefined;
}

export async function listReports(): Promise<QueuedReport[]> {
  const all = await values<QueuedReport>(db());
  const old = expired(all, new Date());
  for (const id of old) await del(id, db());
  return all.filter((e) => !old.includes(e.clientReportId)).sort((a, b) => b.madeAt.localeCompare(a.madeAt));
}

/** Takes a waiting report off the device; nothing about it was sent. */
export async function cancelReport(clientReportId: string): Promise<void> {
  const entry = await get<QueuedReport>(clientReportId, db());
  if (entry?.status !== "queued") return;
  await del(clientReportId, db());
  changed();
}

let sending: Promise<void> | undefined;

/** Sends every waiting report once; a second call while one runs joins it. */
export function sendWaiting(): Promise<void> {
  sending ??= sendAll().finally(() => {
    sending = undefined;
  });
  return sending;
}

async function sendAll(): Promise<void> {
  for (const entry of waiting(await values<QueuedReport>(db()))) {
    if (!navigator.onLine) return;
    let next: QueuedReport;
    try {
      const response = await fetch("/api/v1/reports", {
        method: "POST",
        headers: { "Content-Type": "application/json", [OFFLINE_SOURCE_HEADER]: "offline" },
        body: JSON.stringify(entry.body),
      });
      next = afterAnswer(entry, response.status, await response.json().catch(() => null), new Date());
    } catch {
      return; // Still no network: the rest waits for the next try.
    }
    // Cancelled while in flight: the server may have it, the device forgets it.
    if ((await get(entry.clientReportId, db())) === undefined) continue;
    await set(entry.clientReportId, next, db());
    changed();
  }
}

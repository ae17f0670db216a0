// Disruption Watch service worker: hand-written and small on purpose.
// - keeps the report pages (/report, /lite, both languages), their scripts
//   and the reference lists (/api/v1/meta, the place box's /api/v1/places/*)
//   so reporting works offline;
// - any other page asked for offline falls back to the light page;
// - Background Sync: sends the reports the page queued in IndexedDB, with
//   the rules of lib/reports/offline-queue.ts (kept in step by hand).
const VERSION = "v1";
const PAGES = `pages-${VERSION}`;
const ASSETS = `assets-${VERSION}`;
const REPORT_PAGES = ["/report", "/ur/report", "/lite", "/ur/lite", "/lite/offline", "/ur/lite/offline"];
const KEPT_FILES = ["/api/v1/meta", "/api/v1/places/en", "/api/v1/places/ur", "/manifest.webmanifest", "/icons/icon.svg", "/icons/icon-192.png"];

const isUrdu = (path) => path === "/ur" || path.startsWith("/ur/");

// Fetch a kept page in the language its path names, not the one in the
// visitor's cookie (which would redirect /report to /ur/report).
function fetchKept(path) {
  return fetch(path, { credentials: "omit", headers: { "Accept-Language": isUrdu(path) ? "ur" : "en" }, cache: "no-store" });
}

async function keep(path) {
  const response = await fetchKept(path);
  if (!response.ok || response.redirected) return;
  const pages = await caches.open(PAGES);
  await pages.put(path, response.clone());
  // The full report page needs its scripts and styles too.
  if (path.endsWith("/report")) {
    const text = await response.text();
    const assets = new Set(text.match(/\/_next\/static\/[^"'\s)]+/g) ?? []);
    const cache = await caches.open(ASSETS);
    await Promise.all([...assets].map((a) => cache.add(a).catch(() => {})));
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(Promise.all([...REPORT_PAGES, ...KEPT_FILES].map((p) => keep(p).catch(() => {}))).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== PAGES && n !== ASSETS).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname.replace(/\/$/, "") || "/";

  // The light form posted with no connection: say so in the page's language.
  if (request.method === "POST" && request.mode === "navigate" && path.endsWith("/lite")) {
    event.respondWith(fetch(request).catch(() => caches.match(isUrdu(path) ? "/ur/lite/offline" : "/lite/offline")));
    return;
  }
  if (request.method !== "GET") return;

  if (path.startsWith("/_next/static/")) {
    // Content-hashed: a copy never goes stale.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            if (response.ok) caches.open(ASSETS).then((c) => c.put(request, response.clone()));
            return response;
          }),
      ),
    );
    return;
  }

  if (KEPT_FILES.includes(path)) {
    // Reference lists and icons: the kept copy at once, refreshed behind it.
    event.respondWith(
      caches.match(path).then((hit) => {
        const fresh = fetch(request).then((response) => {
          if (response.ok) caches.open(PAGES).then((c) => c.put(path, response.clone()));
          return response;
        });
        return hit ?? fresh;
      }),
    );
    return;
  }

  if (request.mode === "navigate") {
    // Network first: a page from the network carries a fresh report key and
    // live figures. Offline: the kept copy, else the light page.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.redirected && REPORT_PAGES.includes(path)) {
            const copy = response.clone();
            caches.open(PAGES).then((c) => c.put(path, copy));
          }
          return response;
        })
        .catch(async () => (await caches.match(path)) ?? (await caches.match(isUrdu(path) ? "/ur/lite" : "/lite")) ?? Response.error()),
    );
  }
});

// --- Background Sync: the queue in IndexedDB (lib/reports/offline-queue.ts) ---

const DATABASE = "disruption-watch";
const STORE = "reports";

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = request.oncomplete = () => resolve(request.result);
    request.onerror = request.onabort = () => reject(request.error);
  });
}

function openQueue() {
  const request = indexedDB.open(DATABASE);
  // Same shape idb-keyval makes: one object store, keys given on put.
  request.onupgradeneeded = () => request.result.createObjectStore(STORE);
  return done(request);
}

async function sendWaiting() {
  const db = await openQueue();
  const all = await done(db.transaction(STORE).objectStore(STORE).getAll());
  const waiting = all.filter((e) => e.status === "queued").sort((a, b) => a.madeAt.localeCompare(b.madeAt));
  let failed = false;
  for (const entry of waiting) {
    let response;
    try {
      response = await fetch("/api/v1/reports", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Report-Source": "offline" },
        body: JSON.stringify(entry.body),
      });
    } catch {
      failed = true;
      break;
    }
    const answer = await response.json().catch(() => null);
    const next = { ...entry, attempts: entry.attempts + 1 };
    const s = response.status;
    if (s === 200 || s === 201) Object.assign(next, { status: "sent", sentAt: new Date().toISOString(), reportId: answer?.id });
    else if (s >= 400 && s < 500 && s !== 429 && s !== 408) Object.assign(next, { status: "rejected", error: answer?.error?.code ?? "invalid" });
    else failed = true;
    const store = db.transaction(STORE, "readwrite").objectStore(STORE);
    // Cancelled on the page meanwhile: leave it gone.
    if ((await done(store.get(entry.clientReportId))) !== undefined) await done(store.put(next, entry.clientReportId));
  }
  db.close();
  const clients = await self.clients.matchAll();
  for (const client of clients) client.postMessage({ type: "report-queue-changed" });
  // A rejected promise asks the browser to try the sync again later.
  if (failed) throw new Error("reports still waiting");
}

self.addEventListener("sync", (event) => {
  if (event.tag === "send-reports") event.waitUntil(sendWaiting());
});

// Alerts by Web Push (docs/alerts.md): the notice the server sent, shown as
// a notification; a click opens the incident's page.
self.addEventListener("push", (event) => {
  if (!event.data) return;
  let notice;
  try {
    notice = event.data.json();
  } catch {
    return;
  }
  event.waitUntil(
    self.registration.showNotification(String(notice.title ?? "Disruption Watch"), {
      body: String(notice.body ?? ""),
      tag: String(notice.tag ?? "disruption-watch"),
      icon: "/icons/icon-192.png",
      data: { url: typeof notice.url === "string" ? notice.url : "/incidents" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data?.url ?? "/incidents";
  // Only this site's pages: a notice never opens another origin.
  const target = new URL(url, self.location.origin);
  event.waitUntil(self.clients.openWindow(target.origin === self.location.origin ? target.href : "/incidents"));
});

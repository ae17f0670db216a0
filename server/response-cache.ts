import type { IncomingMessage, ServerResponse } from "node:http";
import { LRUCache } from "lru-cache";
import { MockedRequest, MockedResponse } from "next/dist/server/lib/mock-request.js";
import { readCache } from "@/lib/ops/metrics";
import { log } from "@/lib/ops/log";

// The viral-outage guard. Rendering the overview costs tens of milliseconds
// of CPU; thousands of readers asking for it at once would queue behind each
// other (and behind the reports). So a rendered read — a page or a read API
// answer — is kept for FRESH_MS and sent as bytes to everyone who asks the
// same question meanwhile; readers arriving while it renders wait for that
// one render. Like a reverse proxy's micro-cache with its cache lock, but
// inside the app, so `npm start` has it too. Each instance keeps its own
// copy: nothing here is needed for correctness, and every copy is at most
// FRESH_MS old.
//
// A shared render belongs to no reader. It is rendered into a response of
// its own, detached from any connection (Next's own detached response, the
// one it renders revalidations into), and streamed to the reader who asked
// first while that reader stays: a reader who gives up does not abort it, so
// those waiting still get it and it is still kept. Nobody waits on anything
// but the render itself, and never longer than WAIT_MS: then they render
// for themselves. (The cache used to release its waiters when the first
// reader's connection closed, and they went round a loop on that settled
// promise without ever yielding: one impatient reader froze the server.)

const FRESH_MS = 10_000;
/** What a public read tells shared caches: fresh for 10 s, served stale for 30 s more while one refetch runs. */
export const SHARED_CACHE_CONTROL = "public, max-age=0, s-maxage=10, stale-while-revalidate=30";
const MAX_BODY = 2 * 1024 * 1024;
/** The longest a reader waits for someone else's render before rendering for itself. */
export const WAIT_MS = 5_000;
/** A render still going after this long no longer holds its key: the next reader starts afresh. */
const RENDER_HOLD_MS = 30_000;

type Stored = { status: number; headers: Record<string, string | string[]>; body: Buffer };
/** A finished shared render: `shareable` when it carries nothing personal (a cookie other than the language). */
type Rendered = Stored & { shareable: boolean };
type Render = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const cache = new LRUCache<string, Stored>({ max: 500, maxSize: 64 * 1024 * 1024, sizeCalculation: (s) => s.body.length + 1, ttl: FRESH_MS });
// Holds only renders still under way: an entry is removed before its promise settles.
const rendering = new Map<string, Promise<Rendered | undefined>>();

// Only the dashboard's pages and read APIs are shared — an allow-list, so
// nothing personal ever is: the report page carries a fresh idempotency key
// per visitor and must never be served twice. Client-side navigations (RSC
// requests, whose answer depends on the router state the browser sends) are
// rendered each time. The embeds, badges and oEmbed answers too: a story
// that carries a card sends every one of its readers here. And the static
// page `npm run bench:reads` measures its ceiling with: served through Next
// on every request it was slower than the cached pages, so no ceiling.
const READ_PATHS =
  /^(\/ur)?(\/?|\/map\/?|\/methodology\/?|\/incidents(\/\d+)?\/?|\/(service|isp|area)\/[a-z0-9-]+\/?)(\?|$)|^\/api\/v1\/(timeline|breakdown|map|meta|area-hours|incidents(\/\d+)?)(\?|$)|^\/(embed|badge)\/(service|isp|area)\/[a-z0-9-]+(\.svg)?(\?|$)|^\/oembed(\?|$)|^\/api\/bench\/static$/;

function keyOf(req: IncomingMessage): string | undefined {
  if (req.method !== "GET" || !req.url || !READ_PATHS.test(req.url)) return undefined;
  if (req.headers.rsc || req.headers["next-router-state-tree"] || req.headers["next-action"]) return undefined;
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) ? "gz" : "id";
  // The language a page answers in follows the path, then the NEXT_LOCALE cookie, then Accept-Language.
  const locale = /NEXT_LOCALE=(\w+)/.exec(String(req.headers.cookie ?? ""))?.[1] ?? "";
  // The host too: a page's alternate links name it (the proxy's X-Forwarded-Host when trusted).
  const host = req.headers["x-forwarded-host"] ?? req.headers.host ?? "";
  return `${host}|${req.url}|${gzip}|${locale}|${languageKey(String(req.headers["accept-language"] ?? ""))}`;
}

/**
 * What of Accept-Language can change the answer: the language routing picks
 * English or Urdu by it. Led by either, that one; naming Urdu later, the whole
 * header (rare, so few copies); else nothing.
 */
export function languageKey(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith("ur")) return "ur";
  if (h.startsWith("en") || !/\bur\b/.test(h)) return "";
  return h;
}

export async function serveCached(req: IncomingMessage, res: ServerResponse, render: Render): Promise<void> {
  const key = keyOf(req);
  if (!key) return render(req, res);
  const deadline = Date.now() + WAIT_MS;
  // Each turn either finds the answer, or waits for a render that is still
  // under way (see `rendering`) or for the deadline: it never turns on a
  // promise that has already settled.
  for (;;) {
    const hit = cache.get(key);
    if (hit) return send(res, hit, "hit");
    const shared = rendering.get(key);
    if (!shared) break;
    const outcome = await within(shared, deadline - Date.now());
    if (outcome === TIMED_OUT) {
      readCache.inc({ outcome: "timeout" });
      return render(req, res);
    }
    if (outcome?.shareable) return send(res, outcome, "shared");
  }
  readCache.inc({ outcome: "miss" });
  const shared: Promise<Rendered | undefined> = renderShared(req, res, render).then((rendered) => {
    if (rendering.get(key) === shared) rendering.delete(key);
    if (rendered?.shareable && rendered.status === 200 && rendered.body.length <= MAX_BODY) cache.set(key, rendered);
    return rendered;
  });
  rendering.set(key, shared);
  const hold = setTimeout(() => rendering.get(key) === shared && rendering.delete(key), RENDER_HOLD_MS);
  hold.unref();
  await shared;
  clearTimeout(hold);
}

/**
 * Renders into a detached response, streaming it to the first reader while
 * that reader stays, and keeps a copy for the others; undefined when the
 * render failed (never rejects).
 */
async function renderShared(req: IncomingMessage, res: ServerResponse, render: Render): Promise<Rendered | undefined> {
  let reader: ServerResponse | undefined = res;
  res.once("close", () => {
    reader = undefined;
  });
  const chunks: Buffer[] = [];
  let size = 0;
  /** The reader if still there, with the render's head sent. */
  const present = () => {
    if (!reader || reader.destroyed) return undefined;
    if (!reader.headersSent) reader.writeHead(detached.statusCode, publicRead(detached.statusCode, detached.getHeaders()));
    return reader;
  };
  const detached = new MockedResponse({
    resWriter: (chunk) => {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buf.length;
      chunks.push(buf);
      present()?.write(buf);
      return true;
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    detached.once("finish", resolve).once("error", reject);
  });
  finished.catch(() => {}); // a render that throws first is reported below
  try {
    await render(new MockedRequest({ url: req.url!, headers: req.headers, method: "GET", socket: req.socket }), detached);
    await finished;
  } catch (error) {
    log().error({ path: new URL(req.url!, "http://x").pathname, error: error instanceof Error ? error.message : String(error) }, "render failed");
    if (reader && !reader.headersSent) reader.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Internal Server Error");
    else reader?.destroy();
    return undefined;
  }
  present()?.end();
  return stored(detached, Buffer.concat(chunks, size));
}

/** What a finished detached response stored; the reader who asked gets the rest of it. */
function stored(detached: MockedResponse, body: Buffer): Rendered {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(detached.getHeaders())) {
    if (v !== undefined && k !== "date" && k !== "connection" && k !== "keep-alive" && k !== "transfer-encoding") headers[k] = Array.isArray(v) ? v : String(v);
  }
  // The only cookie a shared read may carry is the one that records the
  // page's language, which every visitor of that URL would be given.
  const cookies = ([] as string[]).concat(headers["set-cookie"] ?? []);
  const shareable = cookies.every((c) => c.startsWith("NEXT_LOCALE="));
  return { status: detached.statusCode, headers: publicRead(detached.statusCode, headers), body, shareable };
}

/**
 * A public read any shared cache in front (nginx's proxy_cache, a CDN) may
 * serve for SHARED_MAX_AGE_S, and a little longer while it fetches a fresh
 * copy; browsers ask again each time. Only a 200 that sets no cookie but the
 * language: the same answer this cache would give everyone.
 */
function publicRead<H extends Record<string, unknown>>(status: number, headers: H): H {
  const cookies = ([] as unknown[]).concat(headers["set-cookie"] ?? []);
  if (status !== 200 || !cookies.every((c) => String(c).startsWith("NEXT_LOCALE="))) return headers;
  // A route that chose to be kept longer (reference lists, a day) keeps its own.
  const own = String(headers["cache-control"] ?? "");
  if (own && !/no-store|private|no-cache/.test(own)) return headers;
  return { ...headers, "cache-control": SHARED_CACHE_CONTROL };
}

function send(res: ServerResponse, answer: Stored, how: "hit" | "shared") {
  readCache.inc({ outcome: how });
  if (res.destroyed) return;
  res.writeHead(answer.status, { ...answer.headers, "x-dw-cache": how });
  res.end(answer.body);
}

const TIMED_OUT = Symbol("timed out");

/** The promise's value, or TIMED_OUT once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  if (ms <= 0) return TIMED_OUT;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

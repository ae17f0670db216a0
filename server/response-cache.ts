import type { IncomingMessage, ServerResponse } from "node:http";
import { LRUCache } from "lru-cache";

// The viral-outage guard. Rendering the overview costs tens of milliseconds
// of CPU; thousands of readers asking for it at once would queue behind each
// other (and behind the reports). So a rendered read — a page or a read API
// answer — is kept for FRESH_MS and sent as bytes to everyone who asks the
// same question meanwhile; readers arriving while it renders wait for that
// one render. Like a reverse proxy's micro-cache, but inside the app, so
// `npm start` has it too. Each instance keeps its own copy: nothing here is
// needed for correctness, and every copy is at most FRESH_MS old.

const FRESH_MS = 10_000;
const MAX_BODY = 2 * 1024 * 1024;

type Stored = { status: number; headers: Record<string, string | string[]>; body: Buffer };

const cache = new LRUCache<string, Stored>({ max: 500, maxSize: 64 * 1024 * 1024, sizeCalculation: (s) => s.body.length + 1, ttl: FRESH_MS });
const rendering = new Map<string, Promise<void>>();

// Only the dashboard's pages and read APIs are shared — an allow-list, so
// nothing personal ever is: the report page carries a fresh idempotency key
// per visitor and must never be served twice. Client-side navigations (RSC
// requests, whose answer depends on the router state the browser sends) are
// rendered each time.
const READ_PATHS = /^(\/ur)?(\/?|\/map\/?|\/(service|isp|area)\/[a-z0-9-]+\/?)(\?|$)|^\/api\/v1\/(timeline|breakdown|map|meta|area-hours)(\?|$)/;

function keyOf(req: IncomingMessage): string | undefined {
  if (req.method !== "GET" || !req.url || !READ_PATHS.test(req.url)) return undefined;
  if (req.headers.rsc || req.headers["next-router-state-tree"] || req.headers["next-action"]) return undefined;
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) ? "gz" : "id";
  // The language a page answers in follows the path, then the NEXT_LOCALE cookie, then Accept-Language.
  const locale = /NEXT_LOCALE=(\w+)/.exec(String(req.headers.cookie ?? ""))?.[1] ?? "";
  const language = String(req.headers["accept-language"] ?? "").slice(0, 2);
  return `${req.url}|${gzip}|${locale}|${language}`;
}

export async function serveCached(
  req: IncomingMessage,
  res: ServerResponse,
  render: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<void> {
  const key = keyOf(req);
  if (!key) return render(req, res);
  for (;;) {
    const hit = cache.get(key);
    if (hit) return send(res, hit);
    const inFlight = rendering.get(key);
    if (!inFlight) break;
    await inFlight;
  }
  const done = capture(res, (stored) => {
    if (stored) cache.set(key, stored);
  });
  rendering.set(key, done);
  try {
    await render(req, res);
    await done;
  } finally {
    rendering.delete(key);
  }
}

function send(res: ServerResponse, stored: Stored) {
  res.writeHead(stored.status, { ...stored.headers, "x-dw-cache": "hit" });
  res.end(stored.body);
}

/** Lets the response go out as usual while keeping a copy of a cacheable 200. */
function capture(res: ServerResponse, onDone: (stored: Stored | undefined) => void): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function" || overflow) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding) : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > MAX_BODY) overflow = true;
    else chunks.push(buf);
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as typeof res.end;
  return new Promise((resolve) => {
    const finish = () => {
      const headers = res.getHeaders();
      // The only cookie a shared read may carry is the one that records the
      // page's language, which every visitor of that URL would be given.
      const cookies = ([] as string[]).concat((headers["set-cookie"] as string | string[] | undefined) ?? []);
      const cacheable = res.statusCode === 200 && !overflow && cookies.every((c) => c.startsWith("NEXT_LOCALE="));
      const plain: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(headers)) if (v !== undefined && k !== "date" && k !== "connection" && k !== "keep-alive" && k !== "transfer-encoding") plain[k] = Array.isArray(v) ? v : String(v);
      onDone(cacheable ? { status: 200, headers: plain, body: Buffer.concat(chunks) } : undefined);
      resolve();
    };
    res.once("finish", finish);
    res.once("close", () => resolve());
  });
}

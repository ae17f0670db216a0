import type { IncomingMessage, ServerResponse } from "node:http";

// A page that fails to render while the database is unreachable is not a bug
// of ours: it should say "unavailable, come back shortly" (503 with
// Retry-After), as the report API does, not 500 — for monitoring, for
// crawlers and caches, and so a 500 keeps meaning a bug. Next gives a server
// component no way to choose its status, and renders its error page (which
// then tells the reader the data is unavailable and retries by itself,
// app/[locale]/error.tsx) as a 500. So the server entry changes that status
// on the way out, when the database failed a moment ago. API routes answer
// their own 503s (lib/http/respond.ts); a 500 from one stays a 500.

/** A storage failure this recent explains a page's 500. */
export const OUTAGE_WINDOW_MS = 5_000;
export const RETRY_AFTER_SECONDS = "5";

export function answerOutagesWith503(req: IncomingMessage, res: ServerResponse, lastStorageFailure: () => number): void {
  if (req.url?.startsWith("/api/")) return;
  // Node sends the status through writeHead, also when the body's first write
  // sends the headers implicitly.
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status === 500 && Date.now() - lastStorageFailure() < OUTAGE_WINDOW_MS) {
      res.statusCode = 503;
      res.setHeader("Retry-After", RETRY_AFTER_SECONDS);
      return writeHead(503, ...rest);
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
}

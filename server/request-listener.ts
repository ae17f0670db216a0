import type { IncomingMessage, ServerResponse } from "node:http";
import { answerOutagesWith503 } from "@/server/outage-status";
import { serveCached } from "@/server/response-cache";
import { countAnswer, serveMetrics } from "@/server/metrics-endpoint";
import type { ReadLimit } from "@/server/read-limit";

// What the server entry does with each request before Next renders it: the
// client's address, the outage status, the read API's rate limit, the shared
// micro-cache, and the metrics (counted here; GET /metrics answered here).
// Its own module so the tests drive the same path with a render of their own.

export type Render = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function requestListener(options: { render: Render; trustProxy: boolean; lastStorageFailure: () => number; metricsToken?: string; readLimit?: ReadLimit }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (serveMetrics(req, res, options.metricsToken)) return;
    countAnswer(req, res);
    setPeerAddress(req, options.trustProxy);
    answerOutagesWith503(req, res, options.lastStorageFailure);
    // Before the micro-cache: a refused read costs no render. Synchronous
    // unless a token has to be looked up (once per token and 30 s).
    const admitted = options.readLimit ? options.readLimit(req, res) : true;
    if (admitted === true) void serveCached(req, res, options.render);
    else if (admitted !== false) void admitted.then((go) => (go ? serveCached(req, res, options.render) : undefined));
  };
}

// Route handlers cannot see the socket, so the address they hash comes from
// X-Forwarded-For. Unless a trusted reverse proxy wrote it, whatever the
// client sent is replaced with the connection's peer address.
function setPeerAddress(req: IncomingMessage, trustProxy: boolean) {
  if (trustProxy && req.headers["x-forwarded-for"]) return;
  req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
  // The other forwarded headers only a trusted proxy may set: a page's links
  // are built from them, and a shared copy of it would carry a client's
  // made-up host to every reader.
  delete req.headers["x-forwarded-host"];
  delete req.headers["x-forwarded-port"];
  delete req.headers["x-forwarded-proto"];
}

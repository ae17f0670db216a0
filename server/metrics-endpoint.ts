import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { httpAnswers, metricsContentType, metricsText } from "@/lib/ops/metrics";

// GET /metrics, answered by the server entry before Next: Prometheus' text
// format for this instance. Off (404, as any unknown path) unless
// METRICS_TOKEN is set; then only `Authorization: Bearer <token>` reads it.

export function serveMetrics(req: IncomingMessage, res: ServerResponse, token: string | undefined): boolean {
  const path = req.url?.split("?")[0];
  if (path !== "/metrics" || !token) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("GET only\n");
    return true;
  }
  if (!bearerMatches(req.headers.authorization, token)) {
    res.writeHead(401, { "www-authenticate": 'Bearer realm="metrics"', "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end("metrics need Authorization: Bearer <METRICS_TOKEN>\n");
    return true;
  }
  metricsText().then(
    (text) => res.writeHead(200, { "content-type": metricsContentType, "cache-control": "no-store" }).end(req.method === "HEAD" ? undefined : text),
    () => res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("metrics failed\n"),
  );
  return true;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? "")?.[1] ?? "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Counts each answer by kind (report, read, other) and status class when it is sent. */
export function countAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.once("finish", () => {
    const kind = req.method === "GET" || req.method === "HEAD" ? "read" : isReport(req) ? "report" : "other";
    httpAnswers.inc({ kind, class: `${Math.floor(res.statusCode / 100)}xx` });
  });
}

const REPORT_PATHS = /^\/(api\/v1\/reports|(ur\/)?(report|lite))\/?$/;
const isReport = (req: IncomingMessage) => req.method === "POST" && REPORT_PATHS.test((req.url ?? "").split("?")[0]!);

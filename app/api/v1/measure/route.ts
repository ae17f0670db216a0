import { randomBytes } from "node:crypto";
import { DOWNLOAD_BYTES } from "@/lib/reports/probes";

// GET /api/v1/measure: the report form's measurement file. Random bytes, so
// no step on the way can compress them, made once per process (no work per
// request), and never cached, so the browser times the connection and not a
// copy it kept.
const PAYLOAD = randomBytes(DOWNLOAD_BYTES);

export const dynamic = "force-dynamic";

export function GET(): Response {
  return new Response(new Uint8Array(PAYLOAD), {
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(DOWNLOAD_BYTES), "Cache-Control": "no-store" },
  });
}

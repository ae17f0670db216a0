import { exportBody } from "@/db/queries/export";
import { db } from "@/db/runtime";
import { exportSlots } from "@/lib/export/export-slots";
import { parseExportQuery } from "@/lib/export/export-params";
import { spool } from "@/lib/export/spool";
import { errorResponse } from "@/lib/http/respond";

/**
 * GET /api/v1/export: format=csv|json, include=counted|all, and the filters of
 * every read endpoint (API.md). The body is spooled and hashed first, so the
 * answer carries its SHA-256 (Digest, Content-Digest) and row count up front.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseExportQuery(new URL(request.url).searchParams);
    const counter = { rows: 0 };
    const body = await exportSlots.run(() => spool(exportBody(db(), query, counter)));
    const digest = body.sha256.toString("base64");
    const { from, to } = query.filters;
    const name = `disruption-watch-${query.include === "all" ? "sealed-" : ""}${stamp(from)}-${stamp(to)}.${query.format}`;
    return new Response(body.body(), {
      headers: {
        "Content-Type": query.format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8",
        "Content-Length": String(body.bytes),
        "Content-Disposition": `attachment; filename="${name}"`,
        // RFC 3230 (what API.md names) and its successor RFC 9530, plus the
        // hex form that sha256sum prints.
        Digest: `sha-256=${digest}`,
        "Content-Digest": `sha-256=:${digest}:`,
        "X-Content-SHA256": body.sha256.toString("hex"),
        "X-Export-Rows": String(counter.rows),
        // no-transform: no compression on the way, so the digest holds for
        // the bytes that arrive.
        "Cache-Control": "no-store, no-transform",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

const stamp = (t: Date) => t.toISOString().slice(0, 16).replace(/[-:]/g, "");

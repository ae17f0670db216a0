import { exportBody } from "@/db/queries/export";
import { getExportDigest, type ExportDigest } from "@/db/queries/export-digest";
import { forgetFigure, keepFigure, keptFigure, lastAuditId } from "@/db/queries/kept-figures";
import { db } from "@/db/runtime";
import { isClosedWindow } from "@/lib/evidence/closed-window";
import { exportSlots, streamSlots } from "@/lib/export/export-slots";
import { parseExportQuery, type ExportQuery } from "@/lib/export/export-params";
import { digestOf, hashedStream } from "@/lib/export/hashed-stream";
import { spool } from "@/lib/export/spool";
import { errorResponse } from "@/lib/http/respond";

/**
 * GET /api/v1/export: format=csv|json, include=counted|all, and the filters of
 * every read endpoint (API.md). Three ways to send it, each saying which in
 * X-Export-Digest (docs/exports-and-seals.md):
 *
 * - kept: a closed window (ended 72 h ago) whose digest is kept streams
 *   straight from the database with its SHA-256 and length in front;
 * - pending: a closed window with no kept digest streams at once without
 *   one, and keeps the digest of what it sent (HEAD, the next download and
 *   the brief then have it);
 * - spooled: an open window (or include=all) is written to a file while
 *   hashed, then sent with its digest in front.
 *
 * HEAD answers the same headers with no body (computing and keeping the
 * digest when it is not kept).
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseExportQuery(new URL(request.url).searchParams);
    const now = new Date();
    if (query.include === "counted" && isClosedWindow(query.filters.to, now)) return await streamClosed(query, now);
    const counter = { rows: 0 };
    const body = await exportSlots.run(() => spool(exportBody(db(), query, counter)));
    const digest = { sha256: body.sha256.toString("hex"), rows: counter.rows, bytes: body.bytes };
    return new Response(body.body(), { headers: { ...headers(query, "spooled"), ...digestHeaders(digest) } });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function HEAD(request: Request): Promise<Response> {
  try {
    const query = parseExportQuery(new URL(request.url).searchParams);
    const now = new Date();
    const closed = query.include === "counted" && isClosedWindow(query.filters.to, now);
    const digest = await exportSlots.run(async () => {
      if (query.include === "counted") return (await getExportDigest(db(), query.filters, now, query.format))!;
      // Hashed as generated: a HEAD sends no body, so none is written to disk.
      const counter = { rows: 0 };
      const { sha256, bytes } = await digestOf(exportBody(db(), query, counter));
      return { sha256, rows: counter.rows, bytes };
    });
    return new Response(null, { headers: { ...headers(query, closed ? "kept" : "spooled"), ...digestHeaders(digest) } });
  } catch (error) {
    return errorResponse(error);
  }
}

async function streamClosed(query: ExportQuery, now: Date): Promise<Response> {
  const release = streamSlots.acquire();
  try {
    const figure = `export.${query.format}` as const;
    const kept = await keptFigure<ExportDigest>(db(), figure, query.filters, now);
    const auditId = kept ? 0 : await lastAuditId(db());
    const counter = { rows: 0 };
    const body = hashedStream(
      exportBody(db(), query, counter),
      async (sent) => {
        const digest = { sha256: sent.sha256.toString("hex"), rows: counter.rows, bytes: sent.bytes };
        if (!kept) return keepFigure(db(), figure, query.filters, digest, auditId, now);
        if (digest.sha256 !== kept.sha256 || digest.bytes !== kept.bytes) {
          // Changed under the download (a void committed while it was read):
          // forget the kept digest and fail this download rather than let
          // its headers describe other bytes.
          await forgetFigure(db(), figure, query.filters);
          throw new Error("export changed while it was sent");
        }
      },
      release,
    );
    return new Response(body, { headers: { ...headers(query, kept ? "kept" : "pending"), ...(kept ? digestHeaders(kept) : {}) } });
  } catch (error) {
    release();
    throw error;
  }
}

function headers(query: ExportQuery, how: "kept" | "pending" | "spooled"): Record<string, string> {
  const { from, to } = query.filters;
  const name = `disruption-watch-${query.include === "all" ? "sealed-" : ""}${stamp(from)}-${stamp(to)}.${query.format}`;
  return {
    "Content-Type": query.format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}"`,
    "X-Export-Digest": how,
    // no-transform: no compression on the way, so the digest holds for the
    // bytes that arrive.
    "Cache-Control": "no-store, no-transform",
  };
}

function digestHeaders(digest: ExportDigest): Record<string, string> {
  const base64 = Buffer.from(digest.sha256, "hex").toString("base64");
  return {
    "Content-Length": String(digest.bytes),
    // RFC 3230 (what API.md names) and its successor RFC 9530, plus the hex
    // form that sha256sum prints.
    Digest: `sha-256=${base64}`,
    "Content-Digest": `sha-256=:${base64}:`,
    "X-Content-SHA256": digest.sha256,
    "X-Export-Rows": String(digest.rows),
  };
}

const stamp = (t: Date) => t.toISOString().slice(0, 16).replace(/[-:]/g, "");

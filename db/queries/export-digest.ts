import "server-only";
import type { Db } from "@/db/client";
import { exportBody } from "@/db/queries/export";
import { throughKept } from "@/db/queries/kept-figures";
import { digestOf } from "@/lib/export/hashed-stream";
import { MAX_EXPORT_DAYS, type ExportFormat } from "@/lib/export/export-params";
import type { Filters } from "@/lib/filters";

export type ExportDigest = { sha256: string; rows: number; bytes: number };

/**
 * The SHA-256 (hex, as sha256sum prints it), rows and bytes of the counted
 * export (CSV unless asked) GET /api/v1/export would send for these filters:
 * kept for a closed window (db/queries/kept-figures.ts), or the same body
 * hashed as it streams (never held whole), and kept when the window is
 * closed. Null when the window is longer than one export may be.
 */
export async function getExportDigest(db: Db, filters: Filters, now = new Date(), format: ExportFormat = "csv"): Promise<ExportDigest | null> {
  if (filters.to.getTime() - filters.from.getTime() > MAX_EXPORT_DAYS * 86_400_000) return null;
  return throughKept(db, `export.${format}`, filters, now, async () => {
    const counter = { rows: 0 };
    const { sha256, bytes } = await digestOf(exportBody(db, { filters, format, include: "counted" }, counter));
    return { sha256, rows: counter.rows, bytes };
  });
}

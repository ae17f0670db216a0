import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { exportBody } from "@/db/queries/export";
import { MAX_EXPORT_DAYS } from "@/lib/export/export-params";
import type { Filters } from "@/lib/filters";

export type ExportDigest = { sha256: string; rows: number };

/**
 * The SHA-256 (hex, as sha256sum prints it) and row count of the CSV export
 * GET /api/v1/export would send for these filters — the same body, hashed as
 * it streams, never held whole. Null when the window is longer than one
 * export may be.
 */
export async function getExportDigest(db: Db, filters: Filters): Promise<ExportDigest | null> {
  if (filters.to.getTime() - filters.from.getTime() > MAX_EXPORT_DAYS * 86_400_000) return null;
  const counter = { rows: 0 };
  const hash = createHash("sha256");
  for await (const chunk of exportBody(db, { filters, format: "csv", include: "counted" }, counter)) hash.update(chunk);
  return { sha256: hash.digest("hex"), rows: counter.rows };
}

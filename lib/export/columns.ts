import { findArea, provinceOf } from "@/lib/reference";
import type { SealedReport } from "@/lib/seals/canonical";

// The columns of an export, in order: the CSV header, the JSON record and the
// data dictionary page (/data) all come from this list, so the page can never
// describe a column the file does not have. `values` names the reference list
// or vocabulary the allowed values come from (rendered on the page).

export type ExportRecord = SealedReport & { areaName: string; province: string; comment: string | null };

export type ColumnType = "integer" | "number" | "boolean" | "text" | "time" | "slug" | "sha256";
export type ExportColumn = {
  csv: string;
  json: keyof ExportRecord;
  type: ColumnType;
  values?: "areas" | "provinces" | "isps" | "services" | "connections" | "problems" | "sources" | "statuses";
};

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { csv: "id", json: "id", type: "integer" },
  { csv: "received_at", json: "receivedAt", type: "time" },
  { csv: "observed_at", json: "observedAt", type: "time" },
  { csv: "area", json: "area", type: "slug", values: "areas" },
  { csv: "area_name", json: "areaName", type: "text" },
  { csv: "province", json: "province", type: "slug", values: "provinces" },
  { csv: "isp", json: "isp", type: "slug", values: "isps" },
  { csv: "service", json: "service", type: "slug", values: "services" },
  { csv: "connection", json: "connection", type: "slug", values: "connections" },
  { csv: "problem", json: "problem", type: "slug", values: "problems" },
  { csv: "cell_lat", json: "cellLat", type: "number" },
  { csv: "cell_lon", json: "cellLon", type: "number" },
  { csv: "speed_kbps", json: "speedKbps", type: "integer" },
  { csv: "via_vpn", json: "viaVpn", type: "boolean" },
  { csv: "source", json: "source", type: "slug", values: "sources" },
  { csv: "status", json: "status", type: "slug", values: "statuses" },
  { csv: "comment", json: "comment", type: "text" },
  { csv: "comment_sha256", json: "commentSha256", type: "sha256" },
  { csv: "complaint_ref_sha256", json: "complaintRefSha256", type: "sha256" },
];

/**
 * A sealed report as published. The comment text appears only once a
 * moderator has published it (moderation, issue #6); until then `comment`
 * is empty and only its commitment is exported.
 */
export function toExportRecord(r: SealedReport, publishedComment: string | null = null): ExportRecord {
  const all: ExportRecord = { ...r, areaName: findArea(r.area)?.nameEn ?? r.area, province: provinceOf(r.area)?.slug ?? "", comment: publishedComment };
  // In column order, so the JSON reads like the CSV.
  return Object.fromEntries(EXPORT_COLUMNS.map(({ json }) => [json, all[json]])) as ExportRecord;
}

/** The record as a CSV row's cells, in column order. */
export function csvCells(r: ExportRecord): string[] {
  return EXPORT_COLUMNS.map(({ json }) => {
    const v = r[json];
    return v === null || v === undefined ? "" : String(v);
  });
}

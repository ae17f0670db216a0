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
  // Written out in column order: building it from EXPORT_COLUMNS (spread +
  // Object.fromEntries) was the slowest step of a month's export.
  return {
    id: r.id,
    receivedAt: r.receivedAt,
    observedAt: r.observedAt,
    area: r.area,
    areaName: findArea(r.area)?.nameEn ?? r.area,
    province: provinceOf(r.area)?.slug ?? "",
    isp: r.isp,
    service: r.service,
    connection: r.connection,
    problem: r.problem,
    cellLat: r.cellLat,
    cellLon: r.cellLon,
    speedKbps: r.speedKbps,
    viaVpn: r.viaVpn,
    source: r.source,
    status: r.status,
    comment: publishedComment,
    commentSha256: r.commentSha256,
    complaintRefSha256: r.complaintRefSha256,
  };
}

const CSV_KEYS = EXPORT_COLUMNS.map((c) => c.json);

/**
 * One CSV line (RFC 4180: a field with a comma, quote or line break is
 * quoted, quotes doubled; CRLF at the end). Hand-written because it is the
 * inner loop of a month's export: csv-stringify's sync API took about 3× as
 * long per row. tests/integration/export.test.ts reads it back with csv-parse.
 */
export function csvLine(values: readonly unknown[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const text = v === null || v === undefined ? "" : String(v);
    line += (i ? "," : "") + (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  }
  return line + "\r\n";
}

export const csvHeader = () => csvLine(EXPORT_COLUMNS.map((c) => c.csv));
export const csvRow = (r: ExportRecord) => csvLine(CSV_KEYS.map((k) => r[k]));

import { ApiError } from "@/lib/errors";
import { parseFilters, type Filters } from "@/lib/filters";

// GET /api/v1/export's parameters: the filters every read endpoint takes,
// plus the format and what to include. A month is the most one export holds.

export const MAX_EXPORT_DAYS = 31;
export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/**
 * counted: the counted reports observed in the window, filtered — the rows
 *   behind every chart.
 * all: the sealed record — every report *received* in the sealed hours of the
 *   window whatever its status, with the audit entries and seals of those
 *   hours, so `npm run verify` can recompute the seals. JSON only, unfiltered.
 */
export const EXPORT_INCLUDES = ["counted", "all"] as const;
export type ExportInclude = (typeof EXPORT_INCLUDES)[number];

export type ExportQuery = { filters: Filters; format: ExportFormat; include: ExportInclude };

const FILTER_PARAMS = ["area", "isp", "service", "connection", "problem"] as const;

export function parseExportQuery(params: URLSearchParams, now?: Date): ExportQuery {
  const format = params.get("format") || "csv";
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new ApiError(400, "unknown_value", "format: must be csv or json", "format");
  const include = params.get("include") || "counted";
  if (!(EXPORT_INCLUDES as readonly string[]).includes(include)) throw new ApiError(400, "unknown_value", "include: must be counted or all", "include");
  const filters = parseFilters(params, now);
  if (filters.to.getTime() - filters.from.getTime() > MAX_EXPORT_DAYS * 86_400_000) {
    throw new ApiError(400, "invalid_window", `from: an export covers at most ${MAX_EXPORT_DAYS} days; export a longer period in parts`, "from");
  }
  if (include === "all") {
    if (format !== "json") throw new ApiError(400, "unknown_value", "format: include=all is exported as json only", "format");
    const filtered = FILTER_PARAMS.find((p) => params.getAll(p).some((v) => v.trim() !== ""));
    if (filtered) {
      throw new ApiError(400, "invalid_combination", `${filtered}: include=all exports each sealed hour whole, so it takes no filters but from and to`, filtered);
    }
  }
  return { filters, format: format as ExportFormat, include: include as ExportInclude };
}

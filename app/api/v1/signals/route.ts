import { listSignals } from "@/db/queries/signals";
import { db } from "@/db/runtime";
import { csvLine } from "@/lib/export/columns";
import { ApiError } from "@/lib/errors";
import { parseFilters, parseFormat } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";
import { asnEntity, IODA_REGIONS, regionEntity } from "@/lib/signals/entities";
import { SIGNAL_SOURCES, type SignalSource } from "@/lib/signals/types";
import { findIsp, provinceOf } from "@/lib/reference";

const COLUMNS = ["source", "metric", "entity", "t", "stepSeconds", "value", "baseline", "sampleSize", "url", "fetchedAt"] as const;
const MAX_DAYS = 92;

/**
 * GET /api/v1/signals: the stored measured signals (IODA, Cloudflare Radar,
 * OONI; docs/signals.md) whose interval starts in the window, oldest first.
 * `isp` keeps its networks' ASNs, `area` its province's region (OONI has
 * none), `source` (repeatable) the sources named; without either filter,
 * every entity, the country included. `format=csv` for a spreadsheet.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const filters = parseFilters(params);
    if (filters.to.getTime() - filters.from.getTime() > MAX_DAYS * 86_400_000) {
      throw new ApiError(400, "invalid_window", `from: signals are served ${MAX_DAYS} days at a time`, "from");
    }
    const sources = params.getAll("source").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    const unknown = sources.find((s) => !(SIGNAL_SOURCES as readonly string[]).includes(s));
    if (unknown) throw new ApiError(400, "unknown_value", `source: must be one of ${SIGNAL_SOURCES.join(", ")}`, "source");
    const format = parseFormat(params);
    const entities = [
      ...filters.isps.flatMap((i) => (findIsp(i)?.asns ?? []).map(asnEntity)),
      ...filters.areas.flatMap((a) => {
        const id = IODA_REGIONS[provinceOf(a)?.slug ?? ""];
        return id ? [regionEntity(id)] : [];
      }),
    ];
    // Filters that name no entity with signals (a province without a region id) give nothing rather than everything.
    if ((filters.isps.length || filters.areas.length) && entities.length === 0) return answer([], format);
    const rows = await listSignals(db(), { from: filters.from, to: filters.to, entities: entities.length ? [...new Set(entities)] : undefined, sources: sources as SignalSource[] });
    return answer(rows, format);
  } catch (error) {
    return errorResponse(error);
  }
}

function answer(rows: Awaited<ReturnType<typeof listSignals>>, format: string): Response {
  if (format === "json") return json(rows);
  const body = csvLine(COLUMNS) + rows.map((r) => csvLine(COLUMNS.map((c) => r[c]))).join("");
  return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8; header=present", "Cache-Control": "no-store" } });
}

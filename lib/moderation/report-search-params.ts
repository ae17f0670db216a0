import { z } from "zod";
import { findArea, findIsp, findService } from "@/lib/reference";
import { REPORT_STATUSES, type ReportStatus } from "@/lib/reports/vocabulary";
import { localToInstant } from "@/lib/time/zone";
import { decodeCursor, type Cursor } from "@/lib/moderation/cursor";

// The admin's report search, as its GET form writes it into the URL: one
// report by number, or reports observed in a window (the last 6 h … 30 d, or
// from/to typed in the display time zone) with optional area, provider,
// service and status. A bad value is named, and that one filter falls back
// to its default; the rest of the search still runs.

export const SEARCH_WINDOWS = { "6h": 6 * 3600_000, "24h": 24 * 3600_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type SearchWindow = keyof typeof SEARCH_WINDOWS | "custom";
export const MAX_SEARCH_WINDOW_MS = 31 * 86_400_000;

export type ReportSearch = {
  id?: number;
  window: SearchWindow;
  from: Date;
  to: Date;
  area?: string;
  isp?: string;
  service?: string;
  status?: ReportStatus;
  cursor?: Cursor;
};

export type SearchErrors = Partial<Record<"id" | "window" | "fromLocal" | "toLocal" | "area" | "isp" | "service" | "status", string>>;

const optionalSlug = (known: (v: string) => unknown) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || Boolean(known(v)), "unknown_value");

const fields = {
  id: z
    .string()
    .trim()
    .optional()
    .transform((v) => v?.replace(/^#/, "") || undefined)
    .pipe(z.string().regex(/^\d{1,15}$/, "invalid").transform(Number).optional()),
  window: z.enum([...(Object.keys(SEARCH_WINDOWS) as (keyof typeof SEARCH_WINDOWS)[]), "custom"]).catch("24h"),
  area: optionalSlug(findArea),
  isp: optionalSlug(findIsp),
  service: optionalSlug(findService),
  status: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.enum(REPORT_STATUSES, "unknown_value").optional()),
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseReportSearch(input: Record<string, string | string[] | undefined>, timeZone: string, now = new Date()): { search: ReportSearch; errors: SearchErrors } {
  const errors: SearchErrors = {};
  const read = <K extends keyof typeof fields>(key: K): z.infer<(typeof fields)[K]> | undefined => {
    const parsed = fields[key].safeParse(one(input[key]));
    if (parsed.success) return parsed.data as z.infer<(typeof fields)[K]>;
    errors[key] = parsed.error.issues[0]?.message === "unknown_value" ? "unknown_value" : "invalid";
    return undefined;
  };
  const id = read("id");
  let window: SearchWindow = read("window") ?? "24h";
  let from = new Date(now.getTime() - SEARCH_WINDOWS["24h"]);
  let to = now;
  if (window === "custom") {
    const fromLocal = one(input.fromLocal) ? localToInstant(one(input.fromLocal)!, timeZone) : undefined;
    const toLocal = one(input.toLocal) ? localToInstant(one(input.toLocal)!, timeZone) : now;
    if (!fromLocal) errors.fromLocal = one(input.fromLocal) ? "invalid" : "required";
    if (!toLocal) errors.toLocal = "invalid";
    if (fromLocal && toLocal && fromLocal >= toLocal) errors.fromLocal = "from_after_to";
    else if (fromLocal && toLocal && toLocal.getTime() - fromLocal.getTime() > MAX_SEARCH_WINDOW_MS) errors.fromLocal = "window_too_long";
    if (fromLocal && toLocal && !errors.fromLocal) {
      from = fromLocal;
      to = toLocal;
    } else {
      window = "24h";
    }
  } else {
    from = new Date(now.getTime() - SEARCH_WINDOWS[window]);
  }
  return {
    search: { id, window, from, to, area: read("area"), isp: read("isp"), service: read("service"), status: read("status"), cursor: decodeCursor(one(input.cursor)) },
    errors,
  };
}

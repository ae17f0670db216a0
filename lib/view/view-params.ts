import { ApiError } from "@/lib/errors";
import { parseDimension, parseFilters, windowEnd, type Dimension, type Filters } from "@/lib/filters";
import { bucketForWindow, type Bucket } from "@/lib/reports/buckets";
import { localToInstant } from "@/lib/time/zone";

// What a dashboard URL says: a window (relative, or from/to for a custom
// range), the any-of filters of API.md and an optional stacking. Pages read
// it with parseView; FilterBar writes it. The URL is the whole state, so any
// view is a permalink.

export const WINDOWS = { "6h": 6 * 3600_000, "24h": 24 * 3600_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type WindowName = keyof typeof WINDOWS | "custom";
export const WINDOW_NAMES = Object.keys(WINDOWS) as (keyof typeof WINDOWS)[];

export type View = {
  filters: Filters;
  window: WindowName;
  bucket: Bucket;
  groupBy?: Dimension;
  /** The parameter that was wrong, when the URL could not be read as given. */
  invalid?: string;
};

export type SearchParams = Record<string, string | string[] | undefined>;

export function toSearchParams(params: SearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(key, v);
  }
  return out;
}

/** Reads a dashboard URL; a bad parameter falls back to the default view and is named. */
export function parseView(
  input: SearchParams | URLSearchParams,
  fixed: Partial<Record<"area" | "isp" | "service", string>> = {},
  timeZone = "UTC",
): View {
  const params = input instanceof URLSearchParams ? new URLSearchParams(input) : toSearchParams(input);
  // The filter form's custom range is typed as wall-clock time in the display zone.
  for (const [local, iso] of [["fromLocal", "from"], ["toLocal", "to"]] as const) {
    const value = params.get(local);
    params.delete(local);
    const instant = value ? localToInstant(value, timeZone) : undefined;
    if (instant) params.set(iso, instant.toISOString());
  }
  for (const [key, value] of Object.entries(fixed)) if (value) params.set(key, value);
  try {
    return readView(params);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const fallback = new URLSearchParams();
    for (const [key, value] of Object.entries(fixed)) if (value) fallback.set(key, value);
    return { ...readView(fallback), invalid: error.field ?? "window" };
  }
}

function readView(params: URLSearchParams): View {
  const windowOf = params.get("window");
  const custom = params.has("from") || params.has("to");
  params.delete("window");
  const windowParam = windowOf ?? "24h";
  if (!custom && !(windowParam in WINDOWS)) throw new ApiError(400, "unknown_value", "window: unknown", "window");
  if (!custom) {
    const end = windowEnd();
    params.set("to", end.toISOString());
    params.set("from", new Date(end.getTime() - WINDOWS[windowParam as keyof typeof WINDOWS]).toISOString());
  }
  const filters = parseFilters(params);
  return {
    filters,
    window: custom ? "custom" : (windowParam as keyof typeof WINDOWS),
    bucket: bucketForWindow(filters.to.getTime() - filters.from.getTime()),
    groupBy: parseDimension(params, "groupBy", false),
  };
}

/** The URL query for a view with its window pinned to absolute times: a permalink. */
export function permalinkQuery(view: View): string {
  const q = new URLSearchParams();
  q.set("from", view.filters.from.toISOString());
  q.set("to", view.filters.to.toISOString());
  appendFilters(q, view.filters);
  if (view.groupBy) q.set("groupBy", view.groupBy);
  return q.toString();
}

export function appendFilters(q: URLSearchParams, f: Filters) {
  for (const a of f.areas) q.append("area", a);
  for (const i of f.isps) q.append("isp", i);
  for (const s of f.services) q.append("service", s);
  for (const c of f.connections) q.append("connection", c);
  for (const p of f.problems) q.append("problem", p);
}

import { z } from "zod";
import { findArea, findIsp, findService } from "@/lib/reference";
import { CONNECTIONS, PROBLEMS, type Connection, type Problem } from "@/lib/reports/vocabulary";
import { ApiError } from "@/lib/errors";

// The filters every read endpoint and page share (API.md, "Filters"). A
// repeated parameter means "any of"; an unknown slug is a 400 naming it.

export type Filters = {
  from: Date;
  to: Date;
  areas: string[];
  isps: string[];
  services: string[];
  connections: Connection[];
  problems: Problem[];
};

export const DEFAULT_WINDOW_MS = 24 * 3600_000;
export const MAX_WINDOW_MS = 400 * 24 * 3600_000;

const time = z.iso.datetime({ offset: true });

function list<T extends string>(params: URLSearchParams, name: string, valid: (v: string) => boolean): T[] {
  const values = params.getAll(name).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  for (const v of values) {
    if (!valid(v)) throw new ApiError(400, "unknown_value", `${name}: unknown value "${v.slice(0, 60)}"`, name);
  }
  return [...new Set(values)] as T[];
}

export function instant(params: URLSearchParams, name: string): Date | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!time.safeParse(raw).success) {
    throw new ApiError(400, "invalid_time", `${name}: must be an ISO 8601 time such as 2024-11-21T07:00:00Z`, name);
  }
  return new Date(raw);
}

/**
 * "Now" for a window without an explicit end, on a 10-second step: every
 * reader in the same ten seconds asks the same question, so the answer can be
 * shared (lib/cache/read-through.ts) and is never more than 10 s old.
 */
export const windowEnd = (now: number = Date.now()) => new Date(Math.ceil(now / 10_000) * 10_000);

export function parseFilters(params: URLSearchParams, now: Date = windowEnd()): Filters {
  const to = instant(params, "to") ?? now;
  const from = instant(params, "from") ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
  if (from >= to) throw new ApiError(400, "invalid_window", "from: must be earlier than to", "from");
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS) {
    throw new ApiError(400, "invalid_window", "from: the window may span at most 400 days", "from");
  }
  return {
    from,
    to,
    areas: list(params, "area", (v) => findArea(v) !== undefined),
    isps: list(params, "isp", (v) => findIsp(v) !== undefined),
    services: list(params, "service", (v) => findService(v) !== undefined),
    connections: list(params, "connection", (v) => (CONNECTIONS as readonly string[]).includes(v)),
    problems: list(params, "problem", (v) => (PROBLEMS as readonly string[]).includes(v)),
  };
}

export const DIMENSIONS = ["service", "isp", "area", "connection", "problem"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function parseDimension(params: URLSearchParams, name: string, required: boolean): Dimension | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") {
    if (required) throw new ApiError(400, "required", `${name}: required, one of ${DIMENSIONS.join(", ")}`, name);
    return undefined;
  }
  if (!(DIMENSIONS as readonly string[]).includes(raw)) {
    throw new ApiError(400, "unknown_value", `${name}: must be one of ${DIMENSIONS.join(", ")}`, name);
  }
  return raw as Dimension;
}

/** A read endpoint's `format`: JSON unless `csv` is asked for; anything else is a 400 naming `format`. */
export function parseFormat(params: URLSearchParams): "csv" | "json" {
  const format = params.get("format") || "json";
  if (format !== "csv" && format !== "json") throw new ApiError(400, "unknown_value", "format: must be csv or json", "format");
  return format;
}

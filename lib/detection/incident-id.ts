import { z } from "zod";
import { ApiError } from "@/lib/errors";

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An incident id from a path segment; anything but a positive integer is a 400 naming `id`. */
export function parseIncidentId(raw: string): number {
  const parsed = id.safeParse(/^\d+$/.test(raw) ? raw : "x");
  if (!parsed.success) throw new ApiError(400, "invalid_id", "id: must be a positive whole number", "id");
  return parsed.data;
}

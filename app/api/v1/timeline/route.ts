import * as cached from "@/db/queries/cached";
import { ApiError } from "@/lib/errors";
import { parseDimension, parseFilters } from "@/lib/filters";
import { errorResponse, json } from "@/lib/http/respond";
import { BUCKETS, BUCKET_NAMES, MAX_POINTS, bucketForWindow, type Bucket } from "@/lib/reports/buckets";
import { env } from "@/lib/env";

export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const filters = parseFilters(params);
    const bucket = parseBucket(params.get("bucket"), filters.to.getTime() - filters.from.getTime());
    const groupBy = parseDimension(params, "groupBy", false);
    const timeZone = env().DISPLAY_TIME_ZONE;
    // Shared with the pages: the same view costs one query per 10 seconds.
    return json(await cached.timeline(filters, bucket, { groupBy, timeZone }));
  } catch (error) {
    return errorResponse(error);
  }
}

function parseBucket(raw: string | null, windowMs: number): Bucket {
  if (raw === null || raw === "") return bucketForWindow(windowMs);
  if (!(BUCKET_NAMES as string[]).includes(raw)) {
    throw new ApiError(400, "unknown_value", `bucket: must be one of ${BUCKET_NAMES.join(", ")}`, "bucket");
  }
  const bucket = raw as Bucket;
  if (windowMs / BUCKETS[bucket] > MAX_POINTS) {
    throw new ApiError(400, "too_many_points", `bucket: ${bucket} over this window gives more than ${MAX_POINTS} points; choose a larger bucket`, "bucket");
  }
  return bucket;
}

import { getMeta } from "@/lib/reference/meta";
import { json } from "@/lib/http/respond";

export function GET(): Response {
  // Reference lists change only with a release: let clients and the offline
  // queue keep them for a day.
  return json(getMeta(), 200, { "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400" });
}

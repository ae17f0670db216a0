import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports } from "@/db/schema";
import { STEP_MS } from "@/lib/detection/detection-config";
import { scopeFilters, type Scope } from "@/lib/detection/scopes";
import { expandAreas } from "@/lib/reference";

/**
 * Distinct reporters (client keys) in the window of `size` 5-minute buckets
 * ending with each bucket of [from, to) — for the scopes that look unusual
 * only, so one client flooding a scope counts once. This is the one read of
 * raw reports in detection: the rollups count reports, not reporters. The
 * key is a daily HMAC (lib/privacy), so the count is of reporters within a
 * day; nothing here keeps a key beyond this run.
 */
export async function windowReporters(db: Db, scope: Scope, from: number, to: number, size: number): Promise<Map<number, number>> {
  const f = scopeFilters(scope);
  const lo = from - (size - 1) * STEP_MS;
  const bucket = sql<string>`date_bin('5 minutes'::interval, ${reports.observedAt}, timestamptz '2000-01-01T00:00:00Z')`;
  const query = db
    .selectDistinct({ t: bucket.as("t"), client: reports.clientKey })
    .from(reports)
    .where(
      and(
        eq(reports.status, "counted"),
        gte(reports.observedAt, new Date(lo)),
        lt(reports.observedAt, new Date(to)),
        f.services.length ? inArray(reports.service, f.services) : undefined,
        f.isps.length ? inArray(reports.isp, f.isps) : undefined,
        f.areas.length ? inArray(reports.area, expandAreas(f.areas)) : undefined,
      ),
    );
  const byBucket = new Map<number, Set<string>>();
  for (const r of await query) {
    const t = new Date(r.t).getTime();
    const set = byBucket.get(t) ?? new Set<string>();
    set.add(r.client);
    byBucket.set(t, set);
  }
  const out = new Map<number, number>();
  for (let t = Math.floor(from / STEP_MS) * STEP_MS; t < to; t += STEP_MS) {
    const seen = new Set<string>();
    for (let k = 0; k < size; k++) for (const c of byBucket.get(t - k * STEP_MS) ?? []) seen.add(c);
    out.set(t, seen.size);
  }
  return out;
}

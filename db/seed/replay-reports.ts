import { screenBatch } from "@/db/abuse/screen-batch";
import type { BulkReport } from "@/db/bulk-load";
import type { Db } from "@/db/client";
import { writeReports, type NewReport } from "@/db/write-reports";
import type { AbuseLimits } from "@/lib/abuse/limits";
import { floorToBucket } from "@/lib/reports/buckets";

/*
 * Replays reports through the live write path at a simulated time: one
 * group-commit batch, as db/ingest.ts writes it (screened by the abuse rules,
 * then inserted with the 5-minute rollup and `rollup_pending` bumped in the
 * same statement), received at `receivedAt` instead of the wall clock that
 * GroupCommit reads. The hourly rollup and the totals follow when the fold job
 * runs (db/jobs/fold-rollup.ts). Nothing is answered: a replay has no callers.
 * Returns how many reports got each status; `refused` ones (429) are not stored.
 */
export async function replayBatch(db: Db, batch: readonly BulkReport[], receivedAt: Date, limits: AbuseLimits): Promise<Map<string, number>> {
  return db.transaction(async (tx) => {
    const requests = batch.map((r) => ({ key: r.idempotencyKey, clientKey: r.clientKey, area: r.area, service: r.service }));
    const { screened } = await screenBatch(tx, requests, limits, receivedAt);
    const statuses = new Map<string, number>();
    const rows: NewReport[] = [];
    for (const r of batch) {
      const verdict = screened.get(r.idempotencyKey);
      const status = !verdict ? "stored before" : "refused" in verdict ? "refused" : verdict.status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (verdict && "status" in verdict) rows.push({ key: r.idempotencyKey, report: validReport(r), source: r.source, clientKey: r.clientKey, status: verdict.status });
    }
    await writeReports(tx, rows, receivedAt, [], floorToBucket(receivedAt));
    return statuses;
  });
}

const validReport = (r: BulkReport): NewReport["report"] => ({
  area: r.area,
  isp: r.isp,
  service: r.service,
  connection: r.connection,
  problem: r.problem,
  observedAt: r.observedAt,
  ...(r.cellLat != null && r.cellLon != null ? { location: { lat: r.cellLat, lon: r.cellLon } } : {}),
  ...(r.speedKbps != null ? { speedKbps: r.speedKbps } : {}),
  ...(r.comment != null ? { comment: r.comment } : {}),
  ...(r.viaVpn != null ? { viaVpn: r.viaVpn } : {}),
});

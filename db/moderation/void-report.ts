import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { analysedTo, detectIncidentsJob, redetect } from "@/db/jobs/detect-incidents";
import { holdJobLock } from "@/db/jobs/scheduler";
import { writeAudit } from "@/db/moderation/audit";
import { dataStart } from "@/db/queries/rollup-series";
import { incidentScopes, reportCounts, reports, rollupPending } from "@/db/schema";
import { scopeHolds, type Scope } from "@/lib/detection/scopes";
import { floorToBucket } from "@/lib/reports/buckets";
import { actorOf } from "@/lib/moderation/vocabulary";
import type { ReportStatus } from "@/lib/reports/vocabulary";

export type VoidResult =
  | { ok: true; auditId: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "not_counted"; status: ReportStatus };

/**
 * Voids a counted report: sets its status to `voided`, takes it out of every
 * chart, and writes the audit entry with the reason — one transaction, so a
 * report is never half-voided. The report itself stays, as received; its
 * seal keeps "counted" and the audit entry (sealed in its own hour) records
 * the change (lib/seals/canonical.ts). Only counted reports can be voided:
 * the others are not counted anywhere. Two moderators voiding the same report
 * at once: the second finds it already voided.
 *
 * Out of every chart, exactly: the report's 5-minute rollup row goes down by
 * one (and is removed at zero, as a recount would leave it), and a row of −1
 * goes to `rollup_pending`, which the fold job adds to the hourly rollup and
 * the 5-minute totals like any other pending row (db/jobs/fold-rollup.ts);
 * reads add pending rows meanwhile, so every read is exact at once
 * (db/queries/rollup-read.ts). The map's cells, the export, the ledger and
 * detection's count of reporters read `reports` with status = 'counted'.
 *
 * Out of every incident at once: the incidents the report counted in are
 * detected again in the same transaction (recounted, shortened, or gone
 * when the report was what made them), not at the job's next run.
 */
export async function voidReport(db: Db, input: { reportId: number; reason: string; accountId: number }): Promise<VoidResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(reports)
      .set({ status: "voided" })
      .where(and(eq(reports.id, input.reportId), eq(reports.status, "counted")))
      .returning({ observedAt: reports.observedAt, area: reports.area, isp: reports.isp, service: reports.service, connection: reports.connection, problem: reports.problem });
    if (!row) {
      const [found] = await tx.select({ status: reports.status }).from(reports).where(eq(reports.id, input.reportId));
      return found ? { ok: false, reason: "not_counted", status: found.status } : { ok: false, reason: "not_found" };
    }
    await uncount(tx, row);
    await recountIncidents(tx, row);
    const entry = await writeAudit(tx, { actor: actorOf(input.accountId), action: "void", reportId: input.reportId, reason: input.reason, details: { from: "counted" } });
    return { ok: true, auditId: entry.id };
  });
}

type Counted = { observedAt: Date; area: string; isp: string; service: string; connection: "mobile" | "fixed"; problem: (typeof reports.$inferSelect)["problem"] };

async function uncount(tx: Db, r: Counted) {
  // The bucket as ingest and the recount make it (epoch-aligned 5 minutes).
  const bucket = floorToBucket(r.observedAt);
  const key = and(
    eq(reportCounts.bucket, bucket),
    eq(reportCounts.area, r.area),
    eq(reportCounts.isp, r.isp),
    eq(reportCounts.service, r.service),
    eq(reportCounts.connection, r.connection),
    eq(reportCounts.problem, r.problem),
  );
  const [left] = await tx
    .update(reportCounts)
    .set({ count: sql`${reportCounts.count} - 1` })
    .where(key)
    .returning({ count: reportCounts.count });
  // A counted report always has its row (ingest and the recount write them
  // with the report); without it the rollup is already wrong, and voiding
  // must not make it worse. The transaction rolls back.
  if (!left) throw new Error(`report rollup row missing for ${bucket.toISOString()} ${r.area}/${r.isp}/${r.service}; run a rollup rebuild`);
  if (left.count <= 0) await tx.delete(reportCounts).where(and(key, lte(reportCounts.count, 0)));
  await tx.insert(rollupPending).values({ bucket, area: r.area, isp: r.isp, service: r.service, connection: r.connection, problem: r.problem, count: -1 });
}

/** Detects again the time of every incident whose scopes the report counted in, under the detection job's lock. */
async function recountIncidents(tx: Db, r: Counted) {
  const at = r.observedAt;
  const touched = await tx
    .select({ kind: incidentScopes.kind, key: incidentScopes.key, start: incidentScopes.startedAt })
    .from(incidentScopes)
    .where(and(lte(incidentScopes.startedAt, at), or(isNull(incidentScopes.endedAt), gt(incidentScopes.endedAt, at))));
  const mine = touched.filter((s) => scopeHolds(s as Scope, { service: r.service, isp: r.isp, area: r.area }));
  if (mine.length === 0) return;
  // A run of the job waits for this transaction, or this for it.
  await holdJobLock(tx, detectIncidentsJob);
  const start = await dataStart(tx);
  const to = await analysedTo(tx);
  if (start === null || to === undefined) return;
  await redetect(tx, Math.min(...mine.map((s) => s.start.getTime())), to, start);
}

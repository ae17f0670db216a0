import type { Db } from "@/db/client";
import { auditPages, reportPages } from "@/db/seals/report-pages";
import { statementPages } from "@/db/seals/statement-pages";
import { auditLine, reportLine, statementLine, toSealedReport, toSealedStatement, type SealedAuditEntry } from "@/lib/seals/canonical";
import { HOUR_MS, HourContent, floorToHour, type HourCount } from "@/lib/seals/seal-hash";

export type HourSummary = HourCount & { hour: Date };

export const toSealedAudit = (a: { id: number; at: Date; actor: string; action: string; reportId: number | null; reason: string | null; details: unknown }): SealedAuditEntry => ({
  id: a.id,
  at: a.at.toISOString(),
  actor: a.actor,
  action: a.action,
  reportId: a.reportId,
  reason: a.reason,
  details: a.details ?? null,
});

/**
 * The content hash of every UTC hour in [from, to), empty hours included, in
 * one pass over the reports received, one over the audit entries made and
 * one over the statements posted in the range. Memory: one running hash per
 * hour, whatever the number of rows.
 */
export async function hourContents(db: Db, from: Date, to: Date): Promise<HourSummary[]> {
  const hours = new Map<number, HourContent>();
  for (let t = from.getTime(); t < to.getTime(); t += HOUR_MS) hours.set(t, new HourContent());
  const at = (time: Date) => hours.get(floorToHour(time).getTime())!;
  for await (const page of reportPages(db, { by: "received", from, to })) {
    for (const r of page) at(r.receivedAt).addReport(reportLine(toSealedReport(r)));
  }
  for await (const page of auditPages(db, from, to)) {
    for (const a of page) at(a.at).addAudit(auditLine(toSealedAudit(a)));
  }
  for await (const page of statementPages(db, from, to)) {
    for (const s of page) at(s.postedAt).addStatement(statementLine(toSealedStatement(s)));
  }
  return [...hours].map(([t, h]) => ({ hour: new Date(t), reports: h.reports, auditEntries: h.auditEntries, statements: h.statements, content: h.digest() }));
}

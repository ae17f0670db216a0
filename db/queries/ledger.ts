import "server-only";
import { and, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { throughKept } from "@/db/queries/kept-figures";
import { refusals, reports } from "@/db/schema";
import type { Filters } from "@/lib/filters";
import { expandAreas } from "@/lib/reference";
import { HOUR_MS } from "@/lib/reports/rollup-sets";

export type Ledger = {
  /** Reports stored for the filters, observed in the window, whatever their status. */
  received: number;
  counted: number;
  /** Stored but not counted, by reason (lib/abuse/report-status.ts; voided by a moderator). */
  notCounted: { duplicate: number; rate_limited: number; voided: number };
  /** Distinct client keys behind the counted reports. A key changes every UTC day, so over several days one reporter can be several keys. */
  reporters: number;
  /** Requests refused with 429 in the window's hours (all reports, not only these filters: refusals keep no report). */
  refused: number;
};

/**
 * The filter ledger: what was received for a view and what was counted, and
 * why the rest was not — the answer to "these reports are fake". Reads the
 * stored reports themselves (not the rollups), since the rollups hold only
 * counted ones. Kept for a closed window (db/queries/kept-figures.ts): a
 * month at 10 M reports takes seconds to count.
 */
export async function getLedger(db: Db, filters: Filters, now = new Date()): Promise<Ledger> {
  return throughKept(db, "ledger", filters, now, () => countLedger(db, filters));
}

async function countLedger(db: Db, filters: Filters): Promise<Ledger> {
  const where: SQL[] = [gte(reports.observedAt, filters.from), lt(reports.observedAt, filters.to)];
  if (filters.areas.length) where.push(inArray(reports.area, expandAreas(filters.areas)));
  if (filters.isps.length) where.push(inArray(reports.isp, filters.isps));
  if (filters.services.length) where.push(inArray(reports.service, filters.services));
  if (filters.connections.length) where.push(inArray(reports.connection, filters.connections));
  if (filters.problems.length) where.push(inArray(reports.problem, filters.problems));
  const hourFrom = new Date(Math.floor(filters.from.getTime() / HOUR_MS) * HOUR_MS);
  // One pass over the reports: per status, how many and from how many keys.
  const [byStatus, [refused]] = await Promise.all([
    db
      .select({ status: reports.status, n: sql<number>`count(*)::int`, keys: sql<number>`count(distinct ${reports.clientKey})::int` })
      .from(reports)
      .where(and(...where))
      .groupBy(reports.status),
    db
      .select({ n: sql<number>`coalesce(sum(${refusals.count}), 0)::int` })
      .from(refusals)
      .where(and(gte(refusals.hour, hourFrom), lt(refusals.hour, filters.to))),
  ]);
  const of = (status: string) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
  return {
    received: byStatus.reduce((n, r) => n + Number(r.n), 0),
    counted: of("counted"),
    notCounted: { duplicate: of("duplicate"), rate_limited: of("rate_limited"), voided: of("voided") },
    reporters: Number(byStatus.find((r) => r.status === "counted")?.keys ?? 0),
    refused: Number(refused?.n ?? 0),
  };
}

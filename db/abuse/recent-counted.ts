import { and, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports } from "@/db/schema";
import type { Counted } from "@/lib/abuse/report-status";

/**
 * The counted reports of these client keys received since `since`: what the
 * counting rules compare a batch with. Reads the partial index
 * reports_client_counted_idx (a few rows per key); the status is written as
 * a literal so a generic plan can still match the index's predicate.
 */
export async function recentCounted(tx: Db, clientKeys: readonly string[], since: Date): Promise<Counted[]> {
  if (clientKeys.length === 0) return [];
  return tx
    .select({ clientKey: reports.clientKey, area: reports.area, service: reports.service, receivedAt: reports.receivedAt })
    .from(reports)
    .where(and(inArray(reports.clientKey, [...new Set(clientKeys)]), gte(reports.receivedAt, since), sql`${reports.status} = 'counted'`));
}

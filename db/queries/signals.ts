import "server-only";
import { and, asc, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signals } from "@/db/schema";
import type { SignalSource } from "@/lib/signals/types";

export type StoredSignal = {
  source: SignalSource;
  metric: string;
  entity: string;
  t: string;
  stepSeconds: number;
  value: number;
  baseline: number | null;
  sampleSize: number | null;
  url: string;
  fetchedAt: string;
};

/** Stored signals whose interval starts in [from, to), for these entities and sources, oldest first. */
export async function listSignals(
  db: Db,
  q: { from: Date; to: Date; entities?: readonly string[]; sources?: readonly SignalSource[]; limit?: number },
): Promise<StoredSignal[]> {
  const where: SQL[] = [gte(signals.t, q.from), lt(signals.t, q.to)];
  if (q.entities?.length) where.push(inArray(signals.entity, [...q.entities]));
  if (q.sources?.length) where.push(inArray(signals.source, [...q.sources]));
  const rows = await db
    .select()
    .from(signals)
    .where(and(...where))
    .orderBy(asc(signals.t), asc(signals.source), asc(signals.metric), asc(signals.entity))
    .limit(q.limit ?? 50_000);
  return rows.map((r) => ({ ...r, source: r.source as SignalSource, t: r.t.toISOString(), fetchedAt: r.fetchedAt.toISOString() }));
}

import { fromExcluded } from "@/db/upsert";
import type { Db } from "@/db/client";
import { signals } from "@/db/schema";
import type { Signal } from "@/lib/signals/types";

/** Writes signals, a later fetch of the same interval replacing the earlier one; a few hundred rows a statement. */
export async function storeSignals(tx: Db, given: readonly Signal[], fetchedAt: Date): Promise<void> {
  // One row per key (a statement may not update a row twice): the last given wins.
  const rows = [...new Map(given.map((s) => [`${s.source}|${s.metric}|${s.entity}|${s.t.toISOString()}`, s])).values()];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((s) => ({
      source: s.source,
      metric: s.metric,
      entity: s.entity,
      t: s.t,
      stepSeconds: s.stepSeconds,
      value: s.value,
      baseline: s.baseline,
      sampleSize: s.sampleSize,
      url: s.url,
      fetchedAt,
    }));
    await tx
      .insert(signals)
      .values(chunk)
      .onConflictDoUpdate({
        target: [signals.source, signals.metric, signals.entity, signals.t],
        set: fromExcluded(signals, ["stepSeconds", "value", "baseline", "sampleSize", "url", "fetchedAt"]),
      });
  }
}

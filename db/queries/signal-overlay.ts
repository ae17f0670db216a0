import "server-only";
import type { Db } from "@/db/client";
import { listSignals, type StoredSignal } from "@/db/queries/signals";
import { COUNTRY_ENTITY } from "@/lib/signals/entities";
import { BASELINE_DAYS, median } from "@/lib/signals/verdict";

export type SignalOverlay = { source: StoredSignal["source"]; metric: string; entity: string; points: { t: string; percent: number }[] };

/** The series a timeline overlays, best first: IODA's active probing, Cloudflare's traffic, IODA's BGP view. */
const PREFERRED = [
  ["ioda", "ping-slash24"],
  ["cloudflare", "netflows"],
  ["ioda", "bgp"],
] as const;

/**
 * One measured signal for the most specific of these entities (a network,
 * then a province, then the country) over [from, to), as % of its usual
 * level: the source's own baseline where it gives one, else the median of
 * the same series over the week before. Null when nothing is stored.
 */
export async function signalOverlay(db: Db, entities: readonly string[], from: Date, to: Date): Promise<SignalOverlay | null> {
  const rows = await listSignals(db, { from: new Date(from.getTime() - BASELINE_DAYS * 86_400_000), to, entities });
  const specific = [...entities].sort((a, b) => rank(a) - rank(b));
  for (const [source, metric] of PREFERRED) {
    for (const entity of specific) {
      const series = rows.filter((r) => r.source === source && r.metric === metric && r.entity === entity);
      const inside = series.filter((r) => Date.parse(r.t) >= from.getTime());
      if (inside.length === 0) continue;
      const before = series.filter((r) => Date.parse(r.t) < from.getTime()).map((r) => r.value);
      const usual = median(before.length ? before : inside.map((r) => r.value));
      const points = inside.flatMap((r) => {
        const base = r.baseline && r.baseline > 0 ? r.baseline : usual;
        return base && base > 0 ? [{ t: r.t, percent: Math.round((r.value / base) * 1000) / 10 }] : [];
      });
      if (points.length) return { source, metric, entity, points };
    }
  }
  return null;
}

const rank = (entity: string) => (entity.startsWith("asn:") ? 0 : entity.startsWith("region:") ? 1 : entity === COUNTRY_ENTITY ? 2 : 3);


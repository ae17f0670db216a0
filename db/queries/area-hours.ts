import "server-only";
import type { Db } from "@/db/client";
import { sumRollup } from "@/db/queries/rollup-read";
import { hourAligned, rollupBucketExpr } from "@/db/queries/rollup-series";
import { bucketStarts } from "@/db/queries/timeline";
import type { Filters } from "@/lib/filters";
import { findArea } from "@/lib/reference";
import { floorToBucket } from "@/lib/reports/buckets";

export type AreaHours = {
  bucket: "1h" | "1d";
  starts: string[];
  rows: { area: string; name: string; nameUr: string; counts: number[]; total: number }[];
};

/** Counted reports per district per hour (or day) of the window, busiest district first: the ISP's complaint table. */
export async function getAreaHours(db: Db, filters: Filters, bucket: "1h" | "1d", timeZone: string): Promise<AreaHours> {
  const starts = bucketStarts(filters.from, filters.to, bucket, timeZone);
  const from = floorToBucket(starts[0] ?? filters.from).getTime();
  const to = filters.to.getTime();
  const rows = await sumRollup(db, {
    filters,
    ranges: [[from, to]],
    time: rollupBucketExpr(bucket, timeZone),
    hourly: hourAligned(bucket, timeZone, from, to),
    dimension: "area",
  });
  const index = new Map(starts.map((s, i) => [s.getTime(), i]));
  const byArea = new Map<string, number[]>();
  for (const r of rows) {
    const i = index.get(new Date(r.t as Date | string).getTime());
    if (i === undefined) continue;
    const counts = byArea.get(r.key) ?? new Array<number>(starts.length).fill(0);
    counts[i] = (counts[i] ?? 0) + r.count;
    byArea.set(r.key, counts);
  }
  return {
    bucket,
    starts: starts.map((s) => s.toISOString()),
    rows: [...byArea.entries()]
      .map(([area, counts]) => {
        const a = findArea(area);
        return { area, name: a?.nameEn ?? area, nameUr: a?.nameUr ?? area, counts, total: counts.reduce((x, y) => x + y, 0) };
      })
      .sort((a, b) => b.total - a.total || a.area.localeCompare(b.area)),
  };
}

/** The same table as CSV (RFC 4180), one row per district, one column per bucket start (UTC). */
export function areaHoursCsv(table: AreaHours): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const header = ["district", "district_name", "total", ...table.starts].map(quote).join(",");
  const lines = table.rows.map((r) => [r.area, r.name, String(r.total), ...r.counts.map(String)].map(quote).join(","));
  return [header, ...lines].join("\r\n") + "\r\n";
}

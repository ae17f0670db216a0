import "server-only";
import type { Db } from "@/db/client";
import { rollupSeries } from "@/db/queries/rollup-series";
import { bucketStarts } from "@/db/queries/timeline";
import { csvTable } from "@/lib/export/csv";
import type { Filters } from "@/lib/filters";
import { findArea } from "@/lib/reference";

export type AreaHours = {
  bucket: "1h" | "1d";
  starts: string[];
  rows: { area: string; name: string; nameUr: string; counts: number[]; total: number }[];
};

/** Counted reports per district per hour (or day) of the window, busiest district first: the ISP's complaint table. */
export async function getAreaHours(db: Db, filters: Filters, bucket: "1h" | "1d", timeZone: string): Promise<AreaHours> {
  const starts = bucketStarts(filters.from, filters.to, bucket, timeZone);
  const series = await rollupSeries(db, { ...filters, from: starts[0] ?? filters.from }, bucket, timeZone, { groupBy: "area" });
  const byArea = new Map([...series].map(([area, counts]) => [area, starts.map((s) => counts.get(s.getTime()) ?? 0)]));
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
  return csvTable(["district", "district_name", "total", ...table.starts], table.rows.map((r) => [r.area, r.name, r.total, ...r.counts]));
}

import { isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports } from "@/db/schema";
import { DAY_MS } from "@/lib/detection/baseline";
import { findArea } from "@/lib/reference";
import { GOAL_MS, ONLY } from "@/bench/queries/options";
import { FILTER_SETS, filtersFor, rawWhere, type Answer, type Case } from "@/bench/queries/cases";
import { rowsOf } from "@/bench/queries/targets";

// The map's queries (db/queries/map.ts) as cases of the same table: the
// province and district choropleths, whose counts per area are checked
// against the raw reports (their baselines are checked by
// tests/integration/map-api.test.ts), and the heat layer's cells, which are
// read from the reports themselves, so "raw" is the same count without the
// cap and the ratio is about 1.
//
// The query module imports "server-only": import this module only
// dynamically, after bench/queries.ts has registered its shim.
const { getMapAreas, getMapCells, MAX_CELLS } = await import("@/db/queries/map");

const WINDOWS = [
  { label: "24 h", ms: DAY_MS },
  { label: "30 d", ms: 30 * DAY_MS },
];

export function mapCasesFor(db: Db, now: Date): Case[] {
  const out: Case[] = [];
  for (const w of WINDOWS) {
    for (const set of FILTER_SETS) {
      const f = filtersFor(set, new Date(now.getTime() - w.ms), now);
      const base = { window: w.label, filters: set.label, goal: GOAL_MS[w.label]! };
      for (const level of ["province", "district"] as const) {
        out.push({
          query: `map ${level}`,
          ...base,
          rollup: async () => toAnswer((await getMapAreas(db, f, level)).map((a) => [a.area, a.count])),
          raw: async () => {
            const rows = await rowsOf<{ area: string; n: number }>(
              db,
              sql`select ${reports.area} as area, count(*)::int as n from ${reports} where ${rawWhere(f)} group by 1`,
            );
            const perArea = new Map<string, number>();
            for (const r of rows) {
              const key = level === "province" ? (findArea(r.area)?.parent ?? r.area) : r.area;
              perArea.set(key, (perArea.get(key) ?? 0) + Number(r.n));
            }
            return toAnswer([...perArea]);
          },
        });
      }
      if (set.label === "none") {
        out.push({
          query: "map points",
          ...base,
          rollup: async () => toAnswer((await getMapCells(db, f)).map((c) => [`${c.lat},${c.lon}`, c.count])),
          raw: async () => {
            const rows = await rowsOf<{ lat: number; lon: number; n: number }>(
              db,
              sql`select ${reports.cellLat} as lat, ${reports.cellLon} as lon, count(*)::int as n from ${reports}
                  where ${rawWhere(f)} and ${isNotNull(reports.cellLat)} group by 1, 2 order by 3 desc, 1, 2 limit ${MAX_CELLS}`,
            );
            return toAnswer(rows.map((r) => [`${Number(r.lat)},${Number(r.lon)}`, Number(r.n)]));
          },
        });
      }
    }
  }
  return out.filter((c) => !ONLY || ONLY.some((o) => `${c.query} ${c.window} ${c.filters}`.includes(o)));
}

function toAnswer(entries: [string, number][]): Answer {
  const out: Answer = new Map(entries);
  out.set("total", entries.reduce((n, [, v]) => n + v, 0));
  return out;
}

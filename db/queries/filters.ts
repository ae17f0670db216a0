import { and, gte, inArray, lt, type SQL } from "drizzle-orm";
import { reportCounts } from "@/db/schema";
import type { Dimension, Filters } from "@/lib/filters";
import { expandAreas } from "@/lib/reference";
import { floorToBucket } from "@/lib/reports/buckets";

/** The WHERE clause of every rollup read: window plus the any-of filters. */
export function rollupWhere(f: Filters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    // Rollup rows are 5-minute buckets; a window starting mid-bucket takes the
    // whole bucket it starts in, so the answer never splits a bucket's count.
    gte(reportCounts.bucket, floorToBucket(f.from)),
    lt(reportCounts.bucket, f.to),
  ];
  if (f.areas.length) conditions.push(inArray(reportCounts.area, expandAreas(f.areas)));
  if (f.isps.length) conditions.push(inArray(reportCounts.isp, f.isps));
  if (f.services.length) conditions.push(inArray(reportCounts.service, f.services));
  if (f.connections.length) conditions.push(inArray(reportCounts.connection, f.connections));
  if (f.problems.length) conditions.push(inArray(reportCounts.problem, f.problems));
  return and(...conditions);
}

export const dimensionColumn = (d: Dimension) => reportCounts[d];

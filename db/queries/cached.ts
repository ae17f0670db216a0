import "server-only";
import { db } from "@/db/runtime";
import { getAreaHours } from "@/db/queries/area-hours";
import { getBreakdown } from "@/db/queries/breakdown";
import { getMapAreas, getMapCells, type AreaLevel } from "@/db/queries/map";
import { getStatuses, getTotalStatus } from "@/db/queries/status";
import { getTimeline } from "@/db/queries/timeline";
import { getIncidentSummary, listIncidents } from "@/db/queries/incidents";
import { getExportDigest } from "@/db/queries/export-digest";
import { getLedger } from "@/db/queries/ledger";
import { signalOverlay as readSignalOverlay } from "@/db/queries/signal-overlay";
import { listSignals } from "@/db/queries/signals";
import { getIncident, getIncidentPage } from "@/db/queries/incident-detail";
import { cacheKey, readThrough } from "@/lib/cache/read-through";
import type { Dimension, Filters } from "@/lib/filters";
import type { Bucket } from "@/lib/reports/buckets";

// The read models as pages and read APIs call them: the same query functions,
// on the open database, shared between readers for up to 10 seconds. A page
// and an API route asking the same question get the same cached answer.

export const timeline = (filters: Filters, bucket: Bucket, options: { groupBy?: Dimension; timeZone: string }) =>
  readThrough(db(), cacheKey("timeline", filters, bucket, options.groupBy ?? null, options.timeZone), () => getTimeline(db(), filters, bucket, options));

export const breakdown = (filters: Filters, dimension: Dimension, limit = 100) =>
  readThrough(db(), cacheKey("breakdown", filters, dimension, limit), () => getBreakdown(db(), filters, dimension, limit));

export const statuses = (filters: Filters, dimension: "service" | "isp" | "area") =>
  readThrough(db(), cacheKey("status", filters, dimension), () => getStatuses(db(), filters, dimension, { now: filters.to }));

/** One scope's status as a whole (an embedded card, a badge): db/queries/status.ts getTotalStatus. */
export const totalStatus = (filters: Filters) => readThrough(db(), cacheKey("status-total", filters), () => getTotalStatus(db(), filters, { now: filters.to }));

export const areaHours = (filters: Filters, bucket: "1h" | "1d", timeZone: string) =>
  readThrough(db(), cacheKey("area-hours", filters, bucket, timeZone), () => getAreaHours(db(), filters, bucket, timeZone));

export const mapAreas = (filters: Filters, level: AreaLevel) =>
  readThrough(db(), cacheKey("map-areas", filters, level), () => getMapAreas(db(), filters, level));

export const mapCells = (filters: Filters) => readThrough(db(), cacheKey("map-cells", filters), () => getMapCells(db(), filters));

export const incidents = (filters: Filters) => readThrough(db(), cacheKey("incidents", filters), () => listIncidents(db(), filters));
export const incidentSummary = (id: number) => readThrough(db(), cacheKey("incident-summary", id), () => getIncidentSummary(db(), id));
export const incident = (id: number, timeZone: string) => readThrough(db(), cacheKey("incident", id, timeZone), () => getIncident(db(), id, timeZone));
export const incidentPage = (id: number, timeZone: string) => readThrough(db(), cacheKey("incident-page", id, timeZone), () => getIncidentPage(db(), id, timeZone));

export const ledger = (filters: Filters) => readThrough(db(), cacheKey("ledger", filters), () => getLedger(db(), filters));

export const exportDigest = (filters: Filters) => readThrough(db(), cacheKey("export-digest", filters), () => getExportDigest(db(), filters));

export const signalOverlay = (entities: readonly string[], from: Date, to: Date) =>
  readThrough(db(), cacheKey("signal-overlay", [...entities].sort(), from, to), () => readSignalOverlay(db(), entities, from, to));

export const signals = (q: { from: Date; to: Date; entities: readonly string[] }) =>
  readThrough(db(), cacheKey("signals", q.from, q.to, [...q.entities].sort()), () => listSignals(db(), q));

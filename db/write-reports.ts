import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { coarsen } from "@/lib/geo/coarsen";
import { floorToBucket } from "@/lib/reports/buckets";
import type { ValidReport } from "@/lib/reports/report-schema";
import type { ReportSource, ReportStatus } from "@/lib/reports/vocabulary";

export type NewReport = { key: string; report: ValidReport; source: ReportSource; clientKey: string; status: ReportStatus };

/**
 * A batch's reports, its counts and its answers in one statement (one round
 * trip; the batch travels once, as one array per column):
 *
 * - inserts the reports (a clientReportId stored meanwhile by another
 *   instance is skipped: `on conflict do nothing`);
 * - adds the counted ones that were inserted to the 5-minute rollup and, as
 *   they are, to `rollup_pending`. The hourly rollup and the 5-minute totals
 *   are folded in from there by a job (db/jobs/fold-rollup.ts): computing
 *   their ~14 grouping sets here cost a third of ingest throughput. The
 *   upsert is sorted by its key, so concurrent transactions (several
 *   instances) lock rollup rows in the same order and cannot deadlock;
 * - counts, for each district and service in `nearby`, the counted reports
 *   since `since`: the rollup as it was when the statement began plus this
 *   batch's own (a statement does not see its own writes).
 *
 * Returns the inserted reports by key, and the counts by "area|service".
 */
export async function writeReports(
  tx: Db,
  rows: readonly NewReport[],
  receivedAt: Date,
  nearby: readonly { area: string; service: string }[],
  since: Date,
): Promise<{ inserted: Map<string, { id: number; status: ReportStatus }>; nearby: Map<string, number> }> {
  const column = <T>(value: (r: NewReport) => T) => sql.param(rows.map(value));
  const cells = rows.map((r) => (r.report.location ? coarsen(r.report.location) : undefined));
  const cell = (axis: "lat" | "lon") => sql.param(cells.map((c) => c?.[axis] ?? null));
  const result = await tx.execute(sql`
    with input as (
      select * from unnest(
        ${column((r) => r.report.observedAt.toISOString())}::timestamptz[],
        ${column((r) => floorToBucket(r.report.observedAt).toISOString())}::timestamptz[],
        ${column((r) => r.report.area)}::text[], ${column((r) => r.report.isp)}::text[], ${column((r) => r.report.service)}::text[],
        ${column((r) => r.report.connection)}::text[], ${column((r) => r.report.problem)}::text[],
        ${cell("lat")}::float8[], ${cell("lon")}::float8[],
        ${column((r) => r.report.speedKbps ?? null)}::int[],
        ${column((r) => (r.report.probes ? JSON.stringify(r.report.probes) : null))}::text[],
        ${column((r) => r.report.comment ?? null)}::text[], ${column((r) => r.report.viaVpn ?? null)}::bool[],
        ${column((r) => r.report.complaintRef ?? null)}::text[],
        ${column((r) => r.source)}::text[], ${column((r) => r.clientKey)}::text[], ${column((r) => r.key)}::uuid[], ${column((r) => r.status)}::text[]
      ) as u(observed_at, bucket, area, isp, service, connection, problem, cell_lat, cell_lon, speed_kbps, probes, comment, via_vpn,
             complaint_ref, source, client_key, idempotency_key, status)
    ),
    ins as (
      insert into reports (received_at, observed_at, area, isp, service, connection, problem, cell_lat, cell_lon, speed_kbps, probes,
                           comment, via_vpn, complaint_ref, source, client_key, idempotency_key, status)
      select ${receivedAt.toISOString()}::timestamptz, observed_at, area, isp, service, connection::connection, problem::problem,
             cell_lat, cell_lon, speed_kbps, probes::jsonb, comment, via_vpn, complaint_ref, source::report_source, client_key,
             idempotency_key, status::report_status
      from input
      on conflict (idempotency_key) do nothing
      returning id, idempotency_key, status
    ),
    b as (
      select i.bucket, i.area, i.isp, i.service, i.connection, i.problem, count(*)::int as count
      from ins join input i on i.idempotency_key = ins.idempotency_key
      where ins.status = 'counted'
      group by 1, 2, 3, 4, 5, 6
    ),
    five as (
      insert into report_counts (bucket, area, isp, service, connection, problem, count)
      select bucket, area, isp, service, connection::connection, problem::problem, count from b
      order by bucket, area, isp, service, connection, problem
      on conflict (bucket, area, isp, service, connection, problem) do update set count = report_counts.count + excluded.count
    ),
    pending as (
      insert into rollup_pending (bucket, area, isp, service, connection, problem, count)
      select bucket, area, isp, service, connection::connection, problem::problem, count from b
    ),
    asked as (
      select distinct area, service
      from unnest(${sql.param(nearby.map((p) => p.area))}::text[], ${sql.param(nearby.map((p) => p.service))}::text[]) as u(area, service)
    ),
    -- One index lookup per district and service (report_counts_area_service_bucket_idx),
    -- however many rows the last hour holds elsewhere.
    near as (
      select a.area, a.service,
        (select coalesce(sum(c.count), 0) from report_counts c
          where c.area = a.area and c.service = a.service and c.bucket >= ${since.toISOString()}::timestamptz)::int
        + (select coalesce(sum(b.count), 0) from b
          where b.area = a.area and b.service = a.service and b.bucket >= ${since.toISOString()}::timestamptz)::int as total
      from asked a
    )
    select
      (select coalesce(json_agg(json_build_array(idempotency_key, id, status)), '[]') from ins) as inserted,
      (select coalesce(json_agg(json_build_array(area, service, total)), '[]') from near) as nearby`);
  const [row] = rowsOf<{ inserted: [key: string, id: number, status: ReportStatus][]; nearby: [area: string, service: string, total: number][] }>(result);
  if (!row) throw new Error("report statement returned no row");
  return {
    inserted: new Map(row.inserted.map(([key, id, status]) => [key, { id: Number(id), status }])),
    nearby: new Map(row.nearby.map(([area, service, total]) => [`${area}|${service}`, Number(total)])),
  };
}

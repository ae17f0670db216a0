import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { TimelineChart } from "@/components/charts/timeline-chart";
import * as cached from "@/db/queries/cached";
import { dimensionNames } from "@/db/queries/breakdown";
import { env } from "@/lib/env";
import type { Dimension, Filters } from "@/lib/filters";
import type { Bucket } from "@/lib/reports/buckets";
import { zoneLabel } from "@/lib/time/zone-name";

/** Reports per bucket against the typical-volume band, with the numbers as a table. */
export async function TimelinePanel({ filters, bucket, groupBy, title, height, testId }: { filters: Filters; bucket: Bucket; groupBy?: Dimension; title: string; height?: number; testId?: string }) {
  const t = await getTranslations("dashboard");
  const locale = await getLocale();
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const timeline = await cached.timeline(filters, bucket, { groupBy, timeZone });
  const label = (key: string) => {
    if (!groupBy) return t("reports");
    const names = dimensionNames(groupBy, key);
    return locale === "ur" ? names.nameUr : names.nameEn;
  };
  const totals = timeline.series[0]?.points.map((_, i) => timeline.series.reduce((n, s) => n + (s.points[i]?.count ?? 0), 0)) ?? [];
  const total = totals.reduce((a, b) => a + b, 0);
  const baseline = new Map(timeline.baseline.map((b) => [b.t, b]));
  const timeFormat = bucket === "1d" ? ({ dateStyle: "medium", timeZone } as const) : ({ dateStyle: "medium", timeStyle: "short", timeZone } as const);
  return (
    <section className="card" data-testid={testId} data-total={total}>
      <h2>{title}</h2>
      <p className="muted">
        {t(`bucket.${bucket}`)} · {t("timesIn", { zone: zoneLabel(timeZone, locale) })}
      </p>
      {total === 0 ? <p className="empty">{t("noReports")}</p> : null}
      <TimelineChart
        series={timeline.series.map((s) => ({ key: s.key, label: label(s.key), points: s.points }))}
        baseline={timeline.baseline.map((b) => ({ t: b.t, expected: b.expected, upper: b.upper ?? null }))}
        locale={locale}
        timeZone={timeZone}
        bucket={bucket}
        height={height}
        labels={{ reports: t("reports"), typical: t("typical"), upper: t("typicalRange"), other: t("other") }}
      />
      <details>
        <summary>{t("showNumbers")}</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("time")}</th>
              <th scope="col">{t("reports")}</th>
              <th scope="col">{t("typical")}</th>
              <th scope="col">{t("upper")}</th>
            </tr>
          </thead>
          <tbody>
            {(timeline.series[0]?.points ?? []).map((p, i) => {
              const b = baseline.get(p.t);
              return (
                <tr key={p.t}>
                  <td>{format.dateTime(new Date(p.t), timeFormat)}</td>
                  <td>{format.number(totals[i] ?? 0)}</td>
                  <td>{b ? format.number(b.expected, { maximumFractionDigits: 1 }) : "–"}</td>
                  <td>{b?.upper != null ? format.number(b.upper, { maximumFractionDigits: 1 }) : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </section>
  );
}

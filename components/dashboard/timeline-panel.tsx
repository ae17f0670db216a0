import { ATTRIBUTION, SOURCE_NAMES } from "@/lib/signals/attribution";
import { getLocale, getTranslations } from "next-intl/server";
import { TimelineChart } from "@/components/charts/timeline-chart";
import { TimelineTable } from "@/components/dashboard/timeline-table";
import { DownloadPng } from "@/components/ui/download-png";
import { downloadLabels } from "@/components/ui/download-labels";
import { permalinkQuery } from "@/lib/view/view-params";
import * as cached from "@/db/queries/cached";
import { dimensionNames } from "@/db/queries/breakdown";
import { env } from "@/lib/env";
import type { Dimension, Filters } from "@/lib/filters";
import type { Bucket } from "@/lib/reports/buckets";
import { zoneLabel } from "@/lib/time/zone-name";
import type { SignalOverlay } from "@/db/queries/signal-overlay";
import { localEntityLabel } from "@/lib/signals/entities";

/** "IODA active probing, AS59257 (Zong) (% of usual)", in the page's language. */
async function overlayLabel(o: SignalOverlay, locale: string): Promise<string> {
  const t = await getTranslations("signals");
  const entity = localEntityLabel(o.entity, locale, t("country"));
  return t("overlay", { source: SOURCE_NAMES[o.source], metric: t(`metrics.${o.metric}`), entity });
}

/** Reports per bucket against the typical-volume band, with the numbers as a table. */
export async function TimelinePanel({
  filters,
  bucket,
  groupBy,
  title,
  height,
  testId = "timeline",
  overlay = null,
  children,
}: {
  filters: Filters;
  bucket: Bucket;
  groupBy?: Dimension;
  title: string;
  height?: number;
  testId?: string;
  /** A measured signal on the same axis (db/queries/signal-overlay.ts), with its source's attribution under the chart. */
  overlay?: SignalOverlay | null;
  /** Under the chart: a toggle for the overlay, say. */
  children?: React.ReactNode;
}) {
  const t = await getTranslations("dashboard");
  const locale = await getLocale();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const timeline = await cached.timeline(filters, bucket, { groupBy, timeZone });
  const label = (key: string) => {
    if (!groupBy) return t("reports");
    const names = dimensionNames(groupBy, key);
    return locale === "ur" ? names.nameUr : names.nameEn;
  };
  const series = timeline.series.map((s) => ({ key: s.key, label: label(s.key), points: s.points }));
  const baseline = timeline.baseline.map((b) => ({ t: b.t, expected: b.expected, upper: b.upper ?? null }));
  const total = series.reduce((n, s) => n + s.points.reduce((m, p) => m + p.count, 0), 0);
  return (
    <section className="card" data-testid={testId} data-total={total}>
      <h2>{title}</h2>
      <p className="muted">
        {t(`bucket.${bucket}`)} · {t("timesIn", { zone: zoneLabel(timeZone, locale) })}
      </p>
      {total === 0 ? <p className="empty">{t("noReports")}</p> : null}
      <div id={`figure-${testId}`} className="figure-capture">
        <TimelineChart
          series={series}
          baseline={baseline}
          locale={locale}
          timeZone={timeZone}
          bucket={bucket}
          height={height}
          labels={{ name: t("chartName", { title }), reports: t("reports"), typical: t("typical"), upper: t("typicalRange"), other: t("other") }}
          overlay={overlay ? { label: await overlayLabel(overlay, locale), points: overlay.points } : null}
        />
      </div>
      {overlay ? (
        <p className="muted attribution" lang="en" dir="ltr" data-testid={`${testId}-signal`} data-source={overlay.source} data-entity={overlay.entity}>
          {ATTRIBUTION[overlay.source]}
        </p>
      ) : null}
      {children}
      <DownloadPng
        target={`figure-${testId}`}
        fileName={`disruption-watch-${testId}.png`}
        title={title}
        query={permalinkQuery({ filters, window: "custom", bucket, groupBy })}
        locale={locale}
        timeZone={timeZone}
        labels={await downloadLabels()}
      />
      <details>
        <summary>{t("showNumbers")}</summary>
        <TimelineTable
          series={series}
          baseline={baseline}
          timeZone={timeZone}
          bucket={bucket}
          labels={{ caption: t("tableCaption", { title }), time: t("time"), reports: t("reports"), total: t("total"), typical: t("typical"), upper: t("upper"), other: t("other") }}
        />
      </details>
    </section>
  );
}

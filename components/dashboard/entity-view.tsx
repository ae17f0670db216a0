import { getTranslations } from "next-intl/server";
import { BreakdownTable } from "@/components/dashboard/breakdown-table";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { StatusBadge } from "@/components/dashboard/status-list";
import { TimelinePanel } from "@/components/dashboard/timeline-panel";
import * as cached from "@/db/queries/cached";
import type { Dimension } from "@/lib/filters";
import type { View } from "@/lib/view/view-params";

/**
 * The page of one service, ISP or area: its status now, its timeline against
 * the baseline, and breakdowns that link across to the other pages.
 */
export async function EntityView({ view, path, fixed, dimension, slug, breakdowns, children }: {
  view: View;
  path: string;
  fixed: { area?: string; isp?: string; service?: string };
  dimension: "service" | "isp" | "area";
  slug: string;
  breakdowns: { dimension: Dimension; title: string }[];
  children?: React.ReactNode;
}) {
  const t = await getTranslations("dashboard");
  const statuses = await cached.statuses(view.filters, dimension);
  const mine = statuses.find((s) => s.key === slug);
  const level = mine?.level ?? "normal";
  return (
    <>
      <p className="entity-status" data-testid="entity-status" data-level={level}>
        <StatusBadge level={level} label={t(`status.${level}`)} /> <span className="muted">{t("status.explain")}</span>
      </p>
      <DashboardFilters view={view} path={path} fixed={fixed} />
      <TimelinePanel filters={view.filters} bucket={view.bucket} groupBy={view.groupBy} title={t("timeline")} testId="timeline" />
      <div className="grid-3">
        {breakdowns.map((b) => (
          <BreakdownTable
            key={b.dimension}
            filters={view.filters}
            dimension={b.dimension}
            title={b.title}
            labels={{ name: t(`dimensions.${b.dimension}`), reports: t("reports"), share: t("share"), empty: t("noReports") }}
          />
        ))}
      </div>
      {children}
    </>
  );
}

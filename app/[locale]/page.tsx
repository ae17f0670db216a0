import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { BreakdownTable } from "@/components/dashboard/breakdown-table";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { StatusList } from "@/components/dashboard/status-list";
import { TimelinePanel } from "@/components/dashboard/timeline-panel";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Link } from "@/i18n/navigation";
import * as cached from "@/db/queries/cached";
import { env } from "@/lib/env";
import { parseView, type SearchParams } from "@/lib/view/view-params";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<SearchParams> };

export default async function OverviewPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("dashboard");
  const tHome = await getTranslations("home");
  const format = await getFormatter();
  const view = parseView(await searchParams, {}, env().DISPLAY_TIME_ZONE);
  const f = view.filters;
  // The same query as GET /api/v1/breakdown: the headline total is the sum of one dimension.
  const byConnection = await cached.breakdown(f, "connection");
  const total = byConnection.reduce((n, r) => n + r.count, 0);
  const lastHour = { ...f, from: new Date(f.to.getTime() - 3600_000) };
  const tableLabels = (dimension: "area" | "service" | "isp" | "problem") => ({
    name: t(`dimensions.${dimension}`),
    reports: t("reports"),
    share: t("share"),
    empty: t("noReports"),
  });
  return (
    <div className="page dashboard">
      <AutoRefresh seconds={15} />
      <h1>{tHome("title")}</h1>
      <p className="lead">
        <strong data-testid="total-24h" data-count={total}>
          {format.number(total)} {t("reports").toLowerCase()} · {t(`windows.${view.window}`)}
        </strong>{" "}
        <Link href="/report" className="button primary">
          {tHome("reportCta")}
        </Link>
      </p>
      <DashboardFilters view={view} path="/" />

      <h2>{t("status.title")}</h2>
      <p className="muted">{t("status.explain")}</p>
      <div className="grid-2">
        <StatusList filters={f} dimension="service" title={t("status.services")} />
        <StatusList filters={f} dimension="isp" title={t("status.isps")} />
      </div>

      <TimelinePanel filters={f} bucket={view.bucket} groupBy={view.groupBy} title={t("timeline")} testId="timeline" />

      <h2>{t("mobileVsFixed")}</h2>
      <div className="grid-2">
        <TimelinePanel filters={{ ...f, connections: ["mobile"] }} bucket={view.bucket} title={t("mobile")} height={200} testId="timeline-mobile" />
        <TimelinePanel filters={{ ...f, connections: ["fixed"] }} bucket={view.bucket} title={t("fixed")} height={200} testId="timeline-fixed" />
      </div>

      <h2>{t("lastHour")}</h2>
      <div className="grid-4">
        <BreakdownTable filters={lastHour} dimension="area" title={t("topAreas")} labels={tableLabels("area")} limit={6} />
        <BreakdownTable filters={lastHour} dimension="service" title={t("topServices")} labels={tableLabels("service")} limit={6} />
        <BreakdownTable filters={lastHour} dimension="isp" title={t("topIsps")} labels={tableLabels("isp")} limit={6} />
        <BreakdownTable filters={lastHour} dimension="problem" title={t("topProblems")} labels={tableLabels("problem")} limit={6} />
      </div>
    </div>
  );
}

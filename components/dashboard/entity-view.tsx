import { getLocale, getTranslations } from "next-intl/server";
import { BreakdownTable } from "@/components/dashboard/breakdown-table";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { StatusBadge } from "@/components/dashboard/status-list";
import { TimelinePanel } from "@/components/dashboard/timeline-panel";
import { MapPanel } from "@/components/map/map-panel";
import { AREA_PLACEHOLDER } from "@/components/map/map-types";
import { Link, getPathname } from "@/i18n/navigation";
import * as cached from "@/db/queries/cached";
import type { Dimension } from "@/lib/filters";
import { appendFilters, type View } from "@/lib/view/view-params";
import { entitiesFor } from "@/lib/signals/entities";

/** Shows or hides the measured signal on the timeline; says so when none is stored. */
async function SignalToggle({ on, missing, href }: { on: boolean; missing: boolean; href: string }) {
  const t = await getTranslations("signals");
  return (
    <p className="signal-toggle">
      <a href={href} data-testid="signal-toggle" data-on={on ? "1" : "0"}>
        {on ? t("hide") : t("show")}
      </a>
      {missing ? <span className="muted"> · {t("noSignal")}</span> : null}
    </p>
  );
}

/**
 * The page of one service, ISP or area: its status now, its timeline against
 * the baseline, and breakdowns that link across to the other pages.
 */
export async function EntityView({ view, path, fixed, breakdowns, children, showSignal = false }: {
  view: View;
  /** The measured-signal overlay on the timeline, off unless asked (`signals=1`). */
  showSignal?: boolean;
  path: string;
  fixed: { area?: string; isp?: string; service?: string };
  breakdowns: { dimension: Dimension; title: string }[];
  children?: React.ReactNode;
}) {
  const t = await getTranslations("dashboard");
  const tMap = await getTranslations("map");
  const locale = await getLocale();
  // The scope as a whole (a province too: the status table groups areas by
  // district, so it has no row for one), as its embed and badge read it.
  const level = (await cached.totalStatus(view.filters)).level;
  const overlay = showSignal ? await cached.signalOverlay(entitiesFor({ isps: fixed.isp ? [fixed.isp] : [], areas: fixed.area ? [fixed.area] : [] }), view.filters.from, view.filters.to) : null;
  return (
    <>
      <p className="entity-status" data-testid="entity-status" data-level={level}>
        <StatusBadge level={level} label={t(`status.${level}`)} /> <span className="muted">{t("status.explain")}</span>{" "}
        <Link href={`/alerts?${new URLSearchParams(Object.entries(fixed).filter((e): e is [string, string] => !!e[1])).toString()}`} data-testid="get-alerts">
          {(await getTranslations("alerts"))("getAlerts")}
        </Link>
      </p>
      <DashboardFilters view={view} path={path} fixed={fixed} />
      <TimelinePanel
        filters={view.filters}
        bucket={view.bucket}
        groupBy={view.groupBy}
        title={t("timeline")}
        testId="timeline"
        overlay={overlay}
      >
        <SignalToggle on={showSignal} missing={showSignal && !overlay} href={`${getPathname({ href: path, locale })}?${viewQuery(view, false)}${showSignal ? "" : "&signals=1"}`} />
      </TimelinePanel>
      <section className="card" data-testid="compact-map">
        <h2>{tMap("compactTitle")}</h2>
        <MapPanel
          compact
          filters={view.filters}
          level="district"
          layer="areas"
          selected={fixed.area ?? null}
          areaHref={`${getPathname({ href: `/area/${AREA_PLACEHOLDER}`, locale })}?${viewQuery(view, false)}`}
        />
        <Link href={`/map?${viewQuery(view, true)}`}>{tMap("openMap")}</Link>
      </section>
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

/** The view's window and filters as a query (a click on the map opens an area: without the area filter). */
function viewQuery(view: View, withArea: boolean): string {
  const q = new URLSearchParams();
  if (view.window === "custom") {
    q.set("from", view.filters.from.toISOString());
    q.set("to", view.filters.to.toISOString());
  } else q.set("window", view.window);
  appendFilters(q, withArea ? view.filters : { ...view.filters, areas: [] });
  return q.toString();
}

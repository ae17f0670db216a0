import { getLocale, getTranslations } from "next-intl/server";
import { CopyLink } from "@/components/dashboard/copy-link";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { getPathname } from "@/i18n/navigation";
import { env } from "@/lib/env";
import { DIMENSIONS } from "@/lib/filters";
import { DISTRICTS, ISPS, PROVINCES, SERVICES, localName } from "@/lib/reference";
import { CONNECTIONS, PROBLEMS } from "@/lib/reports/vocabulary";
import { instantToLocal } from "@/lib/time/zone";
import { WINDOW_NAMES, permalinkQuery, type View } from "@/lib/view/view-params";

/**
 * The filter bar and the permalink of a dashboard view; `path` is the page's
 * own path. `hidden`: the page's own parameters (the map's level and layer),
 * kept through filter changes and in the permalink.
 */
export async function DashboardFilters({ view, path, fixed = {}, hidden = {}, showGroupBy = true }: {
  view: View;
  path: string;
  fixed?: { area?: string; isp?: string; service?: string };
  hidden?: Record<string, string>;
  showGroupBy?: boolean;
}) {
  const locale = await getLocale();
  const t = await getTranslations("dashboard");
  const tConnection = await getTranslations("connection");
  const tProblem = await getTranslations("problem");
  const tBrief = await getTranslations("brief");
  const timeZone = env().DISPLAY_TIME_ZONE;
  const f = view.filters;
  const action = getPathname({ href: path, locale });
  const permalink = `${action}?${permalinkQuery({ ...view, filters: { ...f, areas: fixed.area ? f.areas.filter((a) => a !== fixed.area) : f.areas, isps: fixed.isp ? f.isps.filter((i) => i !== fixed.isp) : f.isps, services: fixed.service ? f.services.filter((s) => s !== fixed.service) : f.services } })}${Object.entries(hidden).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join("")}`;
  return (
    <div className="view-controls">
      {view.invalid ? (
        <p className="form-error" role="alert">
          {t("badParam", { param: view.invalid })}
        </p>
      ) : null}
      <FilterBar
        // The selects keep their own state; a new view from outside the bar
        // (a click on the map, a link) must reset them to what the URL says.
        // (Not keyed on the window's times: those move on every refresh.)
        key={[view.window, ...f.areas, "|", ...f.isps, "|", ...f.services, "|", ...f.connections, "|", ...f.problems, "|", view.groupBy ?? "", view.window === "custom" ? `${f.from.toISOString()}/${f.to.toISOString()}` : ""].join(",")}
        action={action}
        hidden={hidden}
        values={{
          window: view.window,
          area: fixed.area ? undefined : f.areas[0],
          isp: fixed.isp ? undefined : f.isps[0],
          service: fixed.service ? undefined : f.services[0],
          connection: f.connections[0],
          problem: f.problems[0],
          groupBy: view.groupBy,
          fromLocal: instantToLocal(f.from, timeZone),
          toLocal: instantToLocal(f.to, timeZone),
        }}
        show={{ area: !fixed.area, isp: !fixed.isp, service: !fixed.service, groupBy: showGroupBy }}
        options={{
          windows: WINDOW_NAMES.map((w) => ({ value: w, label: t(`windows.${w}`) })),
          areas: PROVINCES.map((p) => ({
            label: localName(p, locale),
            options: [
              { value: p.slug, label: `${localName(p, locale)} (${t("province")})` },
              ...DISTRICTS.filter((d) => d.parent === p.slug).map((d) => ({ value: d.slug, label: localName(d, locale) })),
            ],
          })),
          isps: ISPS.map((i) => ({ value: i.slug, label: localName(i, locale) })),
          services: SERVICES.map((s) => ({ value: s.slug, label: localName(s, locale) })),
          connections: CONNECTIONS.map((c) => ({ value: c, label: tConnection(c) })),
          problems: PROBLEMS.map((p) => ({ value: p, label: tProblem(p) })),
          groupBy: DIMENSIONS.map((d) => ({ value: d, label: t(`dimensions.${d}`) })),
        }}
        labels={{
          window: t("filters.window"),
          area: t("filters.area"),
          isp: t("filters.isp"),
          service: t("filters.service"),
          connection: t("filters.connection"),
          problem: t("filters.problem"),
          groupBy: t("filters.groupBy"),
          any: t("filters.any"),
          none: t("filters.none"),
          apply: t("filters.apply"),
          from: t("filters.from"),
          to: t("filters.to"),
          loading: t("loading"),
        }}
      />
      <p className="muted permalink">
        <CopyLink href={permalink} label={t("copyLink")} copied={t("copied")} /> · {t("permalinkNote")} ·{" "}
        <a href={`${getPathname({ href: "/brief", locale })}?${permalinkQuery({ ...view, groupBy: undefined })}`} data-testid="brief-link">
          {tBrief("open")}
        </a>
      </p>
    </div>
  );
}

import type { Metadata } from "next";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { requireIspStaff } from "@/app/[locale]/admin/moderator";
import { AreaHoursTable } from "@/components/dashboard/area-hours-table";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { DeskComments } from "@/components/isp-desk/desk-comments";
import { DeskIncidents } from "@/components/isp-desk/desk-incidents";
import { MapPanel } from "@/components/map/map-panel";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { AREA_PLACEHOLDER } from "@/components/map/map-types";
import { getPathname } from "@/i18n/navigation";
import { env } from "@/lib/env";
import { findIsp, localName } from "@/lib/reference";
import { parseView, type SearchParams } from "@/lib/view/view-params";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "IspDesk" });
  return { title: t("title") };
}

/**
 * The desk of one provider: the complaints on its network by district and
 * hour, on a map, the incidents that touch it, and the published comments,
 * each table also as CSV from the public API. The same figures anyone can
 * read: the desk adds convenience, not private data.
 */
export default async function IspDeskPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireIspStaff(locale);
  const t = await getTranslations("IspDesk");
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const isp = findIsp(staff.isp);
  const view = parseView(await searchParams, { isp: staff.isp }, timeZone);
  const name = isp ? localName(isp, locale) : staff.isp;
  return (
    <div className="page dashboard desk-page">
      <h1>{t("heading", { name })}</h1>
      <p className="lead">{t("intro")}</p>
      <AutoRefresh seconds={60} />
      <p className="muted" data-testid="desk-refresh">
        {t("rendered", { time: format.dateTime(new Date(), { timeStyle: "short", timeZone }) })}
      </p>
      <DashboardFilters view={view} path="/isp-desk" fixed={{ isp: staff.isp }} showGroupBy={false} />
      <AreaHoursTable filters={view.filters} />
      <section className="card" data-testid="desk-map">
        <h2>{t("mapTitle")}</h2>
        <MapPanel compact filters={view.filters} level="district" layer="areas" selected={null} areaHref={`${getPathname({ href: `/area/${AREA_PLACEHOLDER}`, locale })}?isp=${staff.isp}`} />
      </section>
      <DeskIncidents isp={staff.isp} filters={view.filters} />
      <DeskComments filters={view.filters} />
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { BreakdownTable } from "@/components/dashboard/breakdown-table";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { MapPanel, toDatum } from "@/components/map/map-panel";
import { MapTable } from "@/components/map/map-table";
import { AREA_PLACEHOLDER } from "@/components/map/map-types";
import { Link, getPathname } from "@/i18n/navigation";
import * as cached from "@/db/queries/cached";
import { env } from "@/lib/env";
import { AREA_LEVELS, MAP_LAYERS, mapOptionsQuery, parseMapOptions, type MapOptions } from "@/lib/map/map-options";
import { findArea, localName } from "@/lib/reference";
import { parseView, toSearchParams, type SearchParams } from "@/lib/view/view-params";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "map" });
  return { title: t("title") };
}

export default async function MapPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("map");
  const tDashboard = await getTranslations("dashboard");
  const raw = await searchParams;
  const view = parseView(raw, {}, env().DISPLAY_TIME_ZONE);
  const options = parseMapOptions(raw);
  const f = view.filters;
  const selected = f.areas.length === 1 ? (findArea(f.areas[0]!) ?? null) : null;

  // The URL of this view with one parameter changed: every control is a link.
  const query = (change: Record<string, string | null>) => {
    const q = toSearchParams(raw);
    for (const [k, v] of Object.entries(change)) {
      q.delete(k);
      if (v !== null) q.set(k, v);
    }
    return q.toString().replace(encodeURIComponent(AREA_PLACEHOLDER), AREA_PLACEHOLDER);
  };
  const withOptions = (o: Partial<MapOptions>) => {
    const next = { ...options, ...o };
    return `/map?${query({ level: next.level === "district" ? null : next.level, layer: next.layer === "areas" ? null : next.layer })}`;
  };
  const filterHref = `/map?${query({ area: AREA_PLACEHOLDER })}`;
  const areas = await cached.mapAreas(f, options.level);
  const tableLabels = (dimension: "service" | "isp") => ({ name: tDashboard(`dimensions.${dimension}`), reports: tDashboard("reports"), share: tDashboard("share"), empty: tDashboard("noReports") });

  return (
    <div className="page dashboard map-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <DashboardFilters view={view} path="/map" hidden={mapOptionsQuery(options)} showGroupBy={false} />
      <div className="map-switches">
        <Switch label={t("level")} current={options.level} items={AREA_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`), href: withOptions({ level: l }) }))} testId="map-level" />
        <Switch label={t("layer")} current={options.layer} items={MAP_LAYERS.map((l) => ({ value: l, label: t(`layers.${l}`), href: withOptions({ layer: l }) }))} testId="map-layer" />
      </div>
      {selected ? (
        <p className="map-selected card" data-testid="map-selected" data-area={selected.slug}>
          <strong>{t("selected", { name: localName(selected, locale) })}</strong>{" "}
          <Link href={`/area/${selected.slug}?${query({ area: null, level: null, layer: null })}`} data-testid="map-area-link">
            {t("openAreaPage", { name: localName(selected, locale) })}
          </Link>
          {" · "}
          <Link href={`/map?${query({ area: null })}`} scroll={false}>
            {t("clear")}
          </Link>
        </p>
      ) : null}
      {/* Leaflet's areas are not keyboard stops; the table below is the keyboard's way in. */}
      <p className="keyboard-note">
        <a href="#map-table" className="visually-hidden-focusable" data-testid="map-keyboard-note">
          {t("keyboardNote")}
        </a>
      </p>
      <MapPanel
        filters={f}
        level={options.level}
        layer={options.layer}
        selected={selected?.slug ?? null}
        areaHref={`${getPathname({ href: "/map", locale })}?${query({ area: AREA_PLACEHOLDER })}`}
      />
      <MapTable areas={areas.map((a) => toDatum(a, locale))} filterHref={filterHref} />
      <div className="grid-2">
        <BreakdownTable filters={f} dimension="service" title={tDashboard("topServices")} labels={tableLabels("service")} limit={8} />
        <BreakdownTable filters={f} dimension="isp" title={tDashboard("topIsps")} labels={tableLabels("isp")} limit={8} />
      </div>
    </div>
  );
}

function Switch({ label, current, items, testId }: { label: string; current: string; items: { value: string; label: string; href: string }[]; testId: string }) {
  return (
    <nav className="switch" aria-label={label} data-testid={testId}>
      <span className="switch-label">{label}</span>
      {items.map((i) => (
        <Link key={i.value} href={i.href} aria-current={i.value === current ? "true" : undefined} scroll={false} data-value={i.value}>
          {i.label}
        </Link>
      ))}
    </nav>
  );
}

import { getLocale, getTranslations } from "next-intl/server";
import { MapLegend } from "@/components/map/map-legend";
import { DownloadPng } from "@/components/ui/download-png";
import { downloadLabels } from "@/components/ui/download-labels";
import { permalinkQuery } from "@/lib/view/view-params";
import type { MapAreaDatum, MapLabels } from "@/components/map/map-types";
import { MapView } from "@/components/map/map-view";
import * as cached from "@/db/queries/cached";
import type { MapArea } from "@/db/queries/map";
import { env } from "@/lib/env";
import type { Filters } from "@/lib/filters";
import type { MapAreaLevel, MapLayer } from "@/lib/map/map-options";
import { replaySeries } from "@/lib/map/replay";

/** Replay steps: hours up to two days, then days (the area × hour table's own rule). */
const replayBucket = (filters: Filters) => (filters.to.getTime() - filters.from.getTime() > 48 * 3600_000 ? "1d" : "1h");

/**
 * The map of a view: areas shaded against their baseline, optionally the
 * heat layer of coarse cells, the legend, and (full size) the replay. The
 * figures are those of GET /api/v1/map and /api/v1/area-hours for the same
 * filters. `areaHref` is where a click on an area goes ("__AREA__": its slug).
 */
export async function MapPanel({ filters, level, layer, selected, areaHref, compact = false }: {
  filters: Filters;
  level: MapAreaLevel;
  layer: MapLayer;
  selected: string | null;
  areaHref: string;
  compact?: boolean;
}) {
  const t = await getTranslations("map");
  const locale = await getLocale();
  const config = env();
  const bucket = replayBucket(filters);
  const [areas, cells, table] = await Promise.all([
    cached.mapAreas(filters, level),
    layer !== "areas" && !compact ? cached.mapCells(filters) : Promise.resolve(null),
    compact ? Promise.resolve(null) : cached.areaHours(filters, bucket, config.DISPLAY_TIME_ZONE),
  ]);
  const labels: MapLabels = {
    reports: t("reports"),
    ratio: t("ratio"),
    typical: t("typical"),
    noBaseline: t("noBaseline"),
    topService: t("topService"),
    topIsp: t("topIsp"),
    inStep: t("inStep", { time: "{time}" }),
    clickToFilter: t("clickToFilter"),
    play: t("play"),
    pause: t("pause"),
    replay: t("replay"),
    wholeWindow: t("wholeWindow"),
    loading: t("loading"),
    mapName: t("mapName"),
    boundaries: t("boundaries"),
  };
  const classes = Object.fromEntries(["below", "typical", "x1_5", "x2", "x4", "x8", "no-baseline", "none"].map((id) => [id, t(`classes.${id}`)]));
  const tile = config.MAP_TILE_URL ? { url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION ?? "" } : null;
  return (
    <>
      <div className={`map-panel${compact ? " compact" : ""}`} id="figure-map">
        <MapView
          level={level}
          layer={layer}
          areas={areas.map((a) => toDatum(a, locale))}
          cells={cells}
          replay={table ? replaySeries(table, level) : null}
          selected={selected}
          areaHref={areaHref}
          tile={tile}
          compact={compact}
          locale={locale}
          timeZone={config.DISPLAY_TIME_ZONE}
          replayBucket={bucket}
          labels={labels}
        />
        <MapLegend
          showAreas={layer !== "heat"}
          showHeat={layer !== "areas" && !compact}
          headingLevel={compact ? 3 : 2}
          labels={{ title: t("legendTitle"), note: t("legendNote"), replayNote: compact ? undefined : t("replayNote"), classes, heat: t("heatLegend") }}
        />
      </div>
      <DownloadPng
        target="figure-map"
        fileName="disruption-watch-map.png"
        title={t("title")}
        query={`${permalinkQuery({ filters, window: "custom", bucket: "1h" })}&level=${level}&layer=${layer}`}
        locale={locale}
        timeZone={config.DISPLAY_TIME_ZONE}
        labels={await downloadLabels()}
      />
    </>
  );
}

const named = (x: { name: string; nameUr: string }, locale: string) => (locale === "ur" ? x.nameUr : x.name);

export function toDatum(a: MapArea, locale: string): MapAreaDatum {
  return {
    area: a.area,
    name: named(a, locale),
    count: a.count,
    expected: a.expected,
    ratio: a.baselineRatio,
    level: a.level,
    topService: a.topService ? named(a.topService, locale) : null,
    topIsp: a.topIsp ? named(a.topIsp, locale) : null,
  };
}

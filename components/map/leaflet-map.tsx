"use client";

import "leaflet/dist/leaflet.css";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { MapContainer, TileLayer, useMap } from "react-leaflet";
import { areaValue, fillOf, tooltipHtml } from "@/components/map/area-values";
import { CellsLayer, ChoroplethLayer, OutlineLayer, type AreaCollection } from "@/components/map/map-layers";
import { AREA_PLACEHOLDER, type MapViewProps } from "@/components/map/map-types";

export type LeafletMapProps = Omit<MapViewProps, "replayBucket"> & { step: number | null; stepLabel: string | null };

// Pakistan, with a margin: the view before the outlines arrive.
const PAKISTAN: [[number, number], [number, number]] = [[23.5, 60.8], [37.2, 77.9]];

// Each outline file is fetched once per page load and shared by every map on it.
const outlines = new Map<string, Promise<AreaCollection>>();
function loadOutlines(level: "province" | "district"): Promise<AreaCollection> {
  let p = outlines.get(level);
  if (!p) {
    p = fetch(`/geo/${level}s.geojson`).then((r) => {
      if (!r.ok) throw new Error(`outlines: ${r.status}`);
      return r.json() as Promise<AreaCollection>;
    });
    p.catch(() => outlines.delete(level));
    outlines.set(level, p);
  }
  return p;
}

export function LeafletMap(props: LeafletMapProps) {
  const { level, layer, areas, cells, replay, selected, areaHref, tile, compact, locale, step, stepLabel, labels } = props;
  const router = useRouter();
  const [geo, setGeo] = useState<AreaCollection | null>(null);
  const [provinces, setProvinces] = useState<AreaCollection | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    loadOutlines(level).then((g) => live && setGeo(g), () => live && setFailed(true));
    if (level === "district") loadOutlines("province").then((g) => live && setProvinces(g), () => {});
    return () => {
      live = false;
    };
  }, [level]);

  const byArea = useMemo(() => new Map(areas.map((a) => [a.area, a])), [areas]);
  const number = useMemo(() => new Intl.NumberFormat(locale === "ur" ? "ur-PK" : "en-GB"), [locale]);
  const names = useMemo(() => new Map((geo?.features ?? []).map((f) => [f.properties.slug, locale === "ur" ? f.properties.nameUr : f.properties.nameEn])), [geo, locale]);
  const showAreas = layer !== "heat";

  const styleOf = useCallback(
    (slug: string) => {
      const v = areaValue(slug, byArea.get(slug), replay, step);
      const fill = showAreas ? fillOf(v) : undefined;
      const isSelected = slug === selected;
      return {
        color: isSelected ? "#000" : "#607d8b",
        weight: isSelected ? 3 : 0.7,
        dashArray: showAreas && v.shade === "no-baseline" ? "3 3" : undefined,
        fillColor: fill ?? "#ffffff",
        fillOpacity: fill ? 0.85 : 0.35,
        className: v.shade,
      };
    },
    [byArea, replay, step, selected, showAreas],
  );
  const tooltipOf = useCallback(
    (slug: string, fallback: string) => tooltipHtml(names.get(slug) ?? fallback, areaValue(slug, byArea.get(slug), replay, step), labels, number, stepLabel),
    [names, byArea, replay, step, labels, number, stepLabel],
  );
  const onSelect = useCallback((slug: string) => router.push(areaHref.replace(AREA_PLACEHOLDER, slug), { scroll: false }), [router, areaHref]);

  return (
    <div
      className={`map-canvas${compact ? " compact" : ""}`}
      data-testid="area-map"
      data-ready={geo ? "true" : "false"}
      data-level={level}
      data-cells={cells?.length ?? 0}
      role="region"
      aria-label={labels.mapName}
    >
      {failed ? <p className="form-error">{labels.loading}</p> : null}
      <MapContainer bounds={PAKISTAN} zoomSnap={0.25} scrollWheelZoom={!compact} style={{ height: "100%", width: "100%" }}>
        {tile ? <TileLayer url={tile.url} attribution={tile.attribution} /> : null}
        <BoundariesCredit text={labels.boundaries} />
        {geo ? <ChoroplethLayer geo={geo} styleOf={styleOf} tooltipOf={tooltipOf} onSelect={onSelect} fitTo={selected} /> : null}
        {provinces && level === "district" ? <OutlineLayer geo={provinces} /> : null}
        {cells && layer !== "areas" ? <CellsLayer cells={cells} /> : null}
      </MapContainer>
    </div>
  );
}

/** Credits the boundary source in the map's attribution corner when there are no tiles to credit. */
function BoundariesCredit({ text }: { text: string }) {
  const map = useMap();
  useEffect(() => {
    map.attributionControl?.addAttribution(text);
    return () => void map.attributionControl?.removeAttribution(text);
  }, [map, text]);
  return null;
}

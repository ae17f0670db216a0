"use client";

import L from "leaflet";
import { useEffect, useRef } from "react";
import { useMap } from "react-leaflet";
import type { Feature, FeatureCollection, Geometry } from "geojson";

// The map's layers, drawn with Leaflet directly: styles and tooltips change
// on every replay step, and restyling 160 paths in place is cheaper (and
// keeps an open tooltip open) than re-creating them through React.

export type AreaFeature = Feature<Geometry, { slug: string; nameEn: string; nameUr: string; parent?: string }>;
export type AreaCollection = FeatureCollection<Geometry, AreaFeature["properties"]>;

export function ChoroplethLayer({ geo, styleOf, tooltipOf, onSelect, fitTo }: {
  geo: AreaCollection;
  styleOf: (slug: string) => L.PathOptions;
  tooltipOf: (slug: string, name: string) => string;
  onSelect: (slug: string) => void;
  /** Zoom to this area when it changes (null: the whole country). */
  fitTo: string | null;
}) {
  const map = useMap();
  const layer = useRef<L.GeoJSON | null>(null);
  const latest = useRef({ styleOf, tooltipOf, onSelect });
  latest.current = { styleOf, tooltipOf, onSelect };

  useEffect(() => {
    const g = L.geoJSON(geo as never, {
      style: (f) => latest.current.styleOf((f as AreaFeature).properties.slug),
      onEachFeature: (f, l) => {
        const { slug, nameEn } = (f as AreaFeature).properties;
        l.bindTooltip(() => latest.current.tooltipOf(slug, nameEn), { sticky: true, className: "map-tooltip" });
        l.on("click", () => latest.current.onSelect(slug));
        l.on("add", () => (l as L.Path).getElement()?.setAttribute("data-area", slug));
      },
    }).addTo(map);
    g.eachLayer((l) => (l as L.Path).getElement()?.setAttribute("data-area", ((l as L.GeoJSON).feature as AreaFeature).properties.slug));
    layer.current = g;
    return () => {
      g.remove();
      layer.current = null;
    };
  }, [geo, map]);

  // Restyle in place (replay steps, new data) and refresh an open tooltip.
  useEffect(() => {
    layer.current?.eachLayer((l) => {
      const slug = ((l as L.GeoJSON).feature as AreaFeature).properties.slug;
      (l as L.Path).setStyle(styleOf(slug));
      const el = (l as L.Path).getElement();
      el?.setAttribute("data-shade", String(styleOf(slug).className ?? ""));
      if (l.isTooltipOpen()) l.getTooltip()?.setContent(tooltipOf(slug, ((l as L.GeoJSON).feature as AreaFeature).properties.nameEn));
    });
  }, [styleOf, tooltipOf]);

  useEffect(() => {
    const g = layer.current;
    if (!g) return;
    let bounds: L.LatLngBounds | undefined;
    if (fitTo) {
      g.eachLayer((l) => {
        const p = ((l as L.GeoJSON).feature as AreaFeature).properties;
        if (p.slug === fitTo || p.parent === fitTo) bounds = bounds ? bounds.extend((l as L.Polygon).getBounds()) : (l as L.Polygon).getBounds();
      });
    }
    // The container may have been measured before the page's styles settled.
    map.invalidateSize();
    map.fitBounds(bounds ?? g.getBounds(), { padding: [8, 8] });
  }, [fitTo, geo, map]);
  return null;
}

/** Province borders over a district map, so the country keeps its shape without tiles. */
export function OutlineLayer({ geo }: { geo: AreaCollection }) {
  const map = useMap();
  useEffect(() => {
    const g = L.geoJSON(geo as never, { interactive: false, style: { color: "#37474f", weight: 1.6, fill: false } }).addTo(map);
    return () => void g.remove();
  }, [geo, map]);
  return null;
}

/** The heat layer: one circle per coarse cell, its area growing with the count, on a canvas. */
export function CellsLayer({ cells }: { cells: { lat: number; lon: number; count: number }[] }) {
  const map = useMap();
  useEffect(() => {
    const renderer = L.canvas({ padding: 0.2 });
    const max = Math.max(1, ...cells.map((c) => c.count));
    const group = L.layerGroup(
      // Smallest last-drawn on top: the busiest cells come first in the data.
      cells.map((c) =>
        L.circleMarker([c.lat, c.lon], {
          renderer,
          radius: 3 + 13 * Math.sqrt(c.count / max),
          stroke: false,
          fillColor: "#3f007d",
          fillOpacity: 0.25 + 0.45 * Math.sqrt(c.count / max),
          interactive: false,
        }),
      ),
    ).addTo(map);
    return () => void group.remove();
  }, [cells, map]);
  return null;
}

import type { SearchParams } from "@/lib/view/view-params";

// What the map page's URL says beyond the dashboard's filters: which areas
// the choropleth shades and which layers are drawn. A value we do not know
// falls back to the default, like every other view parameter.

export const AREA_LEVELS = ["district", "province"] as const;
export type MapAreaLevel = (typeof AREA_LEVELS)[number];
export const MAP_LAYERS = ["areas", "heat", "both"] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

export type MapOptions = { level: MapAreaLevel; layer: MapLayer };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseMapOptions(params: SearchParams): MapOptions {
  const level = first(params.level);
  const layer = first(params.layer);
  return {
    level: (AREA_LEVELS as readonly string[]).includes(level ?? "") ? (level as MapAreaLevel) : "district",
    layer: (MAP_LAYERS as readonly string[]).includes(layer ?? "") ? (layer as MapLayer) : "areas",
  };
}

/** The options as URL parameters, leaving out the defaults. */
export function mapOptionsQuery(o: MapOptions): Record<string, string> {
  return { ...(o.level !== "district" ? { level: o.level } : {}), ...(o.layer !== "areas" ? { layer: o.layer } : {}) };
}

import fs from "node:fs";
import path from "node:path";
import rewind from "@turf/rewind";
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";

// The district and province outlines the map draws (public/geo/), read once
// per process for drawings made on the server (the brief's printed map).

export type OutlineProperties = { slug: string; nameEn: string; nameUr: string; parent?: string };
export type Outlines = FeatureCollection<Polygon | MultiPolygon, OutlineProperties>;

const cache = new Map<string, Outlines>();

export function outlines(level: "district" | "province"): Outlines {
  let collection = cache.get(level);
  if (!collection) {
    const file = path.join(process.cwd(), `public/geo/${level}s.geojson`);
    collection = JSON.parse(fs.readFileSync(file, "utf8")) as Outlines;
    cache.set(level, collection);
  }
  return collection;
}

const clockwise = new Map<string, Outlines>();

/**
 * The outlines with clockwise outer rings, as d3-geo wants them: it draws on
 * the sphere and reads a counter-clockwise ring (GeoJSON's own order) as the
 * whole globe minus the area.
 */
export function outlinesForD3(level: "district" | "province"): Outlines {
  let collection = clockwise.get(level);
  if (!collection) {
    // rewind keeps the collection's shape; its declared return type is the union of every GeoJSON type.
    collection = rewind(structuredClone(outlines(level)), { reverse: true }) as Outlines;
    clockwise.set(level, collection);
  }
  return collection;
}

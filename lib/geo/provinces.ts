import fs from "node:fs";
import path from "node:path";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";

// The same outlines the map draws (public/geo/provinces.geojson), read once.
type ProvinceFeature = Feature<Polygon | MultiPolygon, { slug: string }>;

let bySlug: Map<string, ProvinceFeature> | undefined;

function load(): Map<string, ProvinceFeature> {
  const file = path.join(process.cwd(), "public/geo/provinces.geojson");
  const collection = JSON.parse(fs.readFileSync(file, "utf8")) as FeatureCollection<
    Polygon | MultiPolygon,
    { slug: string }
  >;
  return new Map(collection.features.map((f) => [f.properties.slug, f]));
}

/** True when the point lies inside the province's outline. */
export function isInProvince(point: { lat: number; lon: number }, provinceSlug: string): boolean {
  bySlug ??= load();
  const feature = bySlug.get(provinceSlug);
  if (!feature) return false;
  return booleanPointInPolygon([point.lon, point.lat], feature);
}

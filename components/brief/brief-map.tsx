import { geoMercator, geoPath } from "d3-geo";
import type { MapArea } from "@/db/queries/map";
import { outlinesForD3 } from "@/lib/geo/outlines";
import { shadeClass, shadeColour } from "@/lib/map/shade";

const WIDTH = 640;
const HEIGHT = 560;

/**
 * The districts shaded as on /map, drawn on the server as plain SVG: a
 * printed brief cannot wait for map tiles or scripts, and an SVG stays sharp
 * at any zoom of the PDF. Province outlines on top for orientation.
 */
export function BriefMap({ areas, title }: { areas: MapArea[]; title: string }) {
  const districts = outlinesForD3("district");
  const provinces = outlinesForD3("province");
  const projection = geoMercator().fitSize([WIDTH, HEIGHT], provinces);
  const path = geoPath(projection);
  const byArea = new Map(areas.map((a) => [a.area, a]));
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} className="brief-map" data-testid="brief-map">
      {districts.features.map((f) => {
        const a = byArea.get(f.properties.slug);
        const fill = a ? shadeColour(shadeClass({ count: a.count, ratio: a.baselineRatio, level: a.level })) : undefined;
        return (
          <path
            key={f.properties.slug}
            d={path(f) ?? undefined}
            fill={fill ?? "#ffffff"}
            stroke="#8a8a8a"
            strokeWidth={0.4}
            strokeDasharray={a && a.baselineRatio === null && a.count > 0 ? "2 1.5" : undefined}
            data-area={f.properties.slug}
            data-count={a?.count ?? 0}
          />
        );
      })}
      {provinces.features.map((f) => (
        <path key={f.properties.slug} d={path(f) ?? undefined} fill="none" stroke="#333" strokeWidth={1} />
      ))}
    </svg>
  );
}

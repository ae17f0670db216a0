import type { StatusLevel } from "@/lib/detection/status";
import type { MapAreaLevel, MapLayer } from "@/lib/map/map-options";
import type { ReplaySeries } from "@/lib/map/replay";

// The plain data the server hands the map (no Leaflet here, so server code
// may import these types). Names are already in the page's language.

export type MapAreaDatum = {
  area: string;
  name: string;
  count: number;
  expected: number;
  /** count ÷ typical; null without a baseline. */
  ratio: number | null;
  level: StatusLevel;
  topService: string | null;
  topIsp: string | null;
};

export type MapLabels = {
  reports: string;
  ratio: string;
  typical: string;
  noBaseline: string;
  topService: string;
  topIsp: string;
  inStep: string;
  clickToFilter: string;
  play: string;
  pause: string;
  replay: string;
  wholeWindow: string;
  loading: string;
  mapName: string;
  boundaries: string;
};

export type MapViewProps = {
  level: MapAreaLevel;
  layer: MapLayer;
  areas: MapAreaDatum[];
  cells: { lat: number; lon: number; count: number }[] | null;
  replay: ReplaySeries | null;
  /** The area the view is filtered to: outlined, and the map zooms to it. */
  selected: string | null;
  /** Where a click on an area goes; "__AREA__" stands for its slug. */
  areaHref: string;
  tile: { url: string; attribution: string } | null;
  compact: boolean;
  locale: string;
  timeZone: string;
  replayBucket: "1h" | "1d";
  labels: MapLabels;
};

export const AREA_PLACEHOLDER = "__AREA__";

"use client";

import dynamic from "next/dynamic";
import type { LeafletMapProps } from "@/components/map/leaflet-map";

// The one door to Leaflet: it touches `window` and weighs ~150 kB, so it is
// loaded in the browser only, and only on pages that draw a map.
const LeafletMap = dynamic(() => import("@/components/map/leaflet-map").then((m) => m.LeafletMap), {
  ssr: false,
  loading: () => <div className="map-canvas map-loading" aria-hidden="true" />,
});

export function AreaMap(props: LeafletMapProps) {
  return <LeafletMap {...props} />;
}

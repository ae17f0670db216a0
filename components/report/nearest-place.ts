import type { PlaceTuple } from "@/lib/reference/place-list";

/** The gazetteer entry closest to a point (great-circle distance); runs on the device. */
export function nearestPlace(places: readonly PlaceTuple[], lat: number, lon: number): PlaceTuple | undefined {
  const rad = Math.PI / 180;
  let best: PlaceTuple | undefined;
  let bestDistance = Infinity;
  for (const p of places) {
    const dLat = (p[2] - lat) * rad;
    const dLon = (p[3] - lon) * rad;
    const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat * rad) * Math.cos(p[2] * rad) * Math.sin(dLon / 2) ** 2;
    if (a < bestDistance) {
      bestDistance = a;
      best = p;
    }
  }
  return best;
}

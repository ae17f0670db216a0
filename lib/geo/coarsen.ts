// A browser location is never stored as given. It is snapped to the centre of
// a 0.05° grid cell (about 5 km north-south), fine enough for a heat layer of
// a city, too coarse to find a street.
export const CELL_DEGREES = 0.05;

export function coarsen(point: { lat: number; lon: number }): { lat: number; lon: number } {
  // In millionths of a degree, so a point on a cell edge lands in the cell
  // that starts there (24.9 / 0.05 is 497.99… in floating point).
  const micro = CELL_DEGREES * 1e6;
  const snap = (v: number) => {
    const cell = Math.floor(Math.round(v * 1e6) / micro) * micro + micro / 2;
    return Math.round(cell / 1e3) / 1e3;
  };
  return { lat: snap(point.lat), lon: snap(point.lon) };
}

// Time units and the ordinary rhythm of the synthetic demo: how report volume
// rises and falls over a Pakistani day and week when nothing is going on.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const SLOT = 5 * MINUTE;
export const PKT_OFFSET = 5 * HOUR; // Pakistan: UTC+5 all year, no daylight saving.

// Relative report volume by hour of the day in Pakistan: quiet at night,
// building through the working day, peaking in the evening.
const DIURNAL_PKT = [
  0.55, 0.33, 0.2, 0.13, 0.1, 0.12, 0.22, 0.4, 0.6, 0.76, 0.86, 0.92, 0.97, 0.97, 0.93, 0.92, 0.97, 1.05,
  1.18, 1.34, 1.5, 1.56, 1.35, 0.92,
];
// Sunday first, in Pakistan's week: a quieter Friday afternoon, busier weekend.
const WEEKLY_PKT = [1.1, 1.0, 0.99, 1.0, 1.02, 0.91, 1.06];

export function diurnal(t: number): number {
  const local = (t + PKT_OFFSET) / HOUR;
  const h = ((local % 24) + 24) % 24;
  // The table gives each hour's middle; interpolate between neighbours.
  const x = h - 0.5;
  const i = Math.floor(x);
  const f = x - i;
  const a = DIURNAL_PKT[(i + 24) % 24]!;
  const b = DIURNAL_PKT[(i + 25) % 24]!;
  return a + (b - a) * f;
}

export function weekly(t: number): number {
  const dow = new Date(t + PKT_OFFSET).getUTCDay();
  return WEEKLY_PKT[dow]!;
}

export const smoothstep = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

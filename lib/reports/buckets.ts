// The rollup's grain. Every coarser bucket (1 h, 1 d) is a sum of these.
export const ROLLUP_BUCKET_MS = 5 * 60 * 1000;

export const floorToBucket = (t: Date, ms: number = ROLLUP_BUCKET_MS) =>
  new Date(Math.floor(t.getTime() / ms) * ms);

export const BUCKETS = { "5m": 5 * 60_000, "1h": 3600_000, "1d": 86_400_000 } as const;
export type Bucket = keyof typeof BUCKETS;
export const BUCKET_NAMES = Object.keys(BUCKETS) as Bucket[];

/** At most this many buckets in one timeline answer. */
export const MAX_POINTS = 2000;

/** The bucket a window gets when none is asked for: about 50–300 points. */
export function bucketForWindow(ms: number): Bucket {
  if (ms <= 6 * 3600_000) return "5m";
  if (ms <= 8 * 86_400_000) return "1h";
  return "1d";
}

import { diurnal, weekly } from "@/lib/time/demo-rhythm";
import { DAY_MS } from "@/lib/detection/baseline";
import { STEP_MS } from "@/lib/detection/detection-config";
import { pick, randomInt, seededRandom, type Random } from "@/lib/random";

/*
 * Labelled synthetic scenarios for `npm run eval:detection`: one scope's
 * 5-minute counts over five weeks of history and a test week, with the
 * ordinary daily and weekly rhythm, day-to-day noise, real outages of
 * different sizes, shapes and lengths (labelled), and decoys that are not
 * outages (unlabelled): a busier-than-usual evening peak, one client
 * flooding. Earlier weeks hold outages too, so the baseline has to shrug
 * them off.
 */

export const HISTORY_WEEKS = 5;
export type Shape = "step" | "ramp" | "spike" | "plateau";
export type Outage = { start: number; end: number; shape: Shape; perStep: number };
export type Decoy = { kind: "evening-peak" | "flood"; start: number; end: number };
export type Scenario = {
  name: string;
  base: number;
  counts: Map<number, number>;
  /** Distinct reporters in the window ending with each bucket (people are all different; a flooder is one). */
  windowReporters: (windowBuckets: number) => Map<number, number>;
  /** The test week [testFrom, testTo): what is scored. */
  testFrom: number;
  testTo: number;
  outages: Outage[];
  decoys: Decoy[];
};

/** Poisson sample: Knuth's product method for small means, a rounded normal above 30. */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

const gaussian = (random: Random) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** 0..1: how much of an outage's extra volume is there at time t. */
export function shapeAt(o: Outage, t: number): number {
  if (t < o.start || t >= o.end) return 0;
  if (o.shape === "ramp") return Math.min(1, (t - o.start + STEP_MS) / (30 * 60_000));
  return 1;
}

const SHAPES: { shape: Shape; minutes: [number, number] }[] = [
  { shape: "step", minutes: [45, 180] },
  { shape: "ramp", minutes: [60, 240] },
  { shape: "spike", minutes: [20, 35] },
  { shape: "plateau", minutes: [240, 600] },
];
/** Extra reports per 5 minutes, as a multiple of the scope's busiest ordinary level (never under 2). */
const SIZES = [1, 3, 10];

export function makeScenario(seed: number, base: number, start: number): Scenario {
  const random = seededRandom(seed);
  const testFrom = start + HISTORY_WEEKS * 7 * DAY_MS;
  const testTo = testFrom + 7 * DAY_MS;
  const outages: Outage[] = [];
  const decoys: Decoy[] = [];
  const place = (from: number, to: number, minutes: number) => {
    for (let tries = 0; tries < 50; tries++) {
      const s = from + randomInt(random, 0, Math.floor((to - from) / STEP_MS) - 1) * STEP_MS;
      const e = s + Math.round(minutes / 5) * STEP_MS;
      const clear = [...outages, ...decoys].every((o) => e + 6 * 3600_000 < o.start || s > o.end + 6 * 3600_000);
      if (e < to && clear) return [s, e] as const;
    }
    return undefined;
  };
  // Test week: two or three outages; one per history week.
  const addOutage = (from: number, to: number) => {
    const { shape, minutes } = pick(random, SHAPES);
    const at = place(from, to, randomInt(random, minutes[0], minutes[1]));
    if (at) outages.push({ start: at[0], end: at[1], shape, perStep: Math.max(2, pick(random, SIZES) * base) });
  };
  for (let w = 1; w < HISTORY_WEEKS; w++) addOutage(start + w * 7 * DAY_MS, start + (w + 1) * 7 * DAY_MS);
  for (let i = 0; i < randomInt(random, 2, 3); i++) addOutage(testFrom, testTo);
  // Decoys: an evening 40 % busier than usual (20:00–23:00 PKT), one client sending 40–120 reports within half an hour.
  const evening = testFrom + randomInt(random, 0, 6) * DAY_MS + 15 * 3600_000;
  decoys.push({ kind: "evening-peak", start: evening, end: evening + 3 * 3600_000 });
  const flood = place(testFrom, testTo, 30);
  if (flood) decoys.push({ kind: "flood", start: flood[0], end: flood[1] });
  const floodPerStep = randomInt(random, 40, 120) / 6;

  const counts = new Map<number, number>();
  const people = new Map<number, number>();
  const flooded = new Set<number>();
  let dayFactor = 1;
  for (let t = start; t < testTo; t += STEP_MS) {
    if ((t - start) % DAY_MS === 0) dayFactor = Math.exp(0.15 * gaussian(random));
    let mean = base * diurnal(t) * weekly(t) * dayFactor;
    if (decoys.some((d) => d.kind === "evening-peak" && t >= d.start && t < d.end)) mean *= 1.4;
    for (const o of outages) mean += o.perStep * shapeAt(o, t);
    const n = poisson(random, mean);
    const flooding = decoys.some((d) => d.kind === "flood" && t >= d.start && t < d.end) ? poisson(random, floodPerStep) : 0;
    if (n + flooding > 0) counts.set(t, n + flooding);
    if (n > 0) people.set(t, n);
    if (flooding > 0) flooded.add(t);
  }
  const windowReporters = (size: number) => {
    const out = new Map<number, number>();
    for (let t = testFrom - 2 * DAY_MS; t < testTo; t += STEP_MS) {
      let n = 0;
      let flooder = 0;
      for (let k = 0; k < size; k++) {
        n += people.get(t - k * STEP_MS) ?? 0;
        if (flooded.has(t - k * STEP_MS)) flooder = 1;
      }
      out.set(t, n + flooder);
    }
    return out;
  };
  return { name: `seed ${seed}, ${base}/5 min`, base, counts, windowReporters, testFrom, testTo, outages, decoys };
}

// A small seeded pseudo-random toolkit for synthetic data (the demo seed, the
// benchmarks, tests). Never use it for anything secret: it is predictable by
// design — the same seed gives the same sequence on every machine.

/** A random source: each call returns a float in [0, 1). */
export type Random = () => number;

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) with its 128-bit
 * state filled from the seed by splitmix32. Chosen over mulberry32 (32-bit
 * state, so every seed is a shifted copy of one 2^32 cycle) because the demo
 * builds UUIDs from four consecutive outputs and should not revisit states.
 */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix32 = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A 32-bit unsigned integer from the source. */
export const randomUint32 = (random: Random): number => Math.floor(random() * 4294967296) >>> 0;

/** An integer in [min, max] (both inclusive). */
export const randomInt = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/** True with probability p. */
export const chance = (random: Random, p: number): boolean => random() < p;

/** One item, uniformly. */
export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[Math.floor(random() * items.length)]!;
}

/**
 * A reusable weighted choice: builds the cumulative table once, then each
 * draw is one random number and a binary search.
 */
export function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (random: Random) => T {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, weight] of entries) {
    if (!(weight > 0)) continue;
    total += weight;
    items.push(item);
    cumulative.push(total);
  }
  if (items.length === 0) throw new Error("weightedPicker needs at least one positive weight");
  return (random) => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/** A one-off weighted choice; build a weightedPicker for repeated draws. */
export function weightedChoice<T>(random: Random, entries: readonly (readonly [T, number])[]): T {
  return weightedPicker(entries)(random);
}

/** A standard normal deviate (Box–Muller). */
export function normal(random: Random): number {
  const u = 1 - random(); // (0, 1]: log stays finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A Poisson-distributed count with mean lambda: Knuth's product method for
 * small means, a rounded normal approximation above 30 (good enough for
 * synthetic traffic, and constant time).
 */
export function poisson(random: Random, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

const HEX = "0123456789abcdef";

/** A lower-case hex string of the given length. */
export function randomHex(random: Random, length: number): string {
  let out = "";
  while (out.length < length) {
    out += randomUint32(random).toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

/** A string in the version-4 UUID layout (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx). */
export function randomUuid(random: Random): string {
  const h = randomHex(random, 32).split("");
  h[12] = "4";
  h[16] = HEX[(parseInt(h[16]!, 16) & 0x3) | 0x8]!;
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

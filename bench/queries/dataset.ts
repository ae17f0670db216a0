import type { BulkReport } from "@/db/bulk-load";
import { DAY, HOUR, MINUTE, SLOT, diurnal, weekly } from "@/lib/time/demo-rhythm";
import { commentFor } from "@/db/seed/demo-scenario";
import { backgroundService, buildModel, problemPicker, source } from "@/db/seed/demo-weights";
import { randomUint32, seededRandom, weightedPicker, type Random } from "@/lib/random";
import { DISTRICTS, ISPS } from "@/lib/reference";
import type { Connection, Problem } from "@/lib/reports/vocabulary";
import { DAYS } from "@/bench/queries/options";

// The synthetic dataset: a few report streams (national background, midday
// throttling, a shutdown, a fibre cut, VPN blocking), planned per 5-minute
// slot over the last DAYS days and generated deterministically from a seed.

type Stream = {
  name: string;
  /** Relative volume at time t (national background at the diurnal peak ≈ 1.5). */
  weight: (t: number) => number;
  draw: (random: Random, row: Partial<BulkReport>) => void;
};

const ISP_KIND = new Map(ISPS.map((i) => [i.slug, i.kind]));
const connectionOf = (isp: string, random: Random): Connection => {
  const kind = ISP_KIND.get(isp);
  if (kind === "mobile") return "mobile";
  if (kind === "both") return random() < 0.5 ? "mobile" : "fixed";
  return "fixed";
};
const districtsOf = (province: string) => DISTRICTS.filter((d) => d.parent === province).map((d) => d.slug);

/** A smooth bump: 0 outside [start, end], 1 in the middle, ramps of `ramp` ms. */
const bump = (t: number, start: number, end: number, ramp: number) => {
  if (t <= start || t >= end) return 0;
  return Math.min(1, (t - start) / ramp, (end - t) / ramp);
};

function streams(anchor: number, random: Random): Stream[] {
  const model = buildModel();
  const dayNoise = new Map<number, number>();
  const noise = (t: number) => {
    const d = Math.floor(t / DAY);
    let n = dayNoise.get(d);
    if (n === undefined) dayNoise.set(d, (n = 0.85 + 0.3 * random()));
    return n;
  };
  const background: Stream = {
    name: "background",
    weight: (t) => diurnal(t) * weekly(t) * noise(t),
    draw: (r, row) => {
      const area = model.background.area(r);
      const isp = model.background.isp.get(area)!(r);
      const service = backgroundService(r);
      Object.assign(row, { area, isp, connection: connectionOf(isp, r), service, problem: problemPicker(service)(r) });
    },
  };

  const mobileIsp = weightedPicker([["jazz", 27], ["zong", 18], ["telenor", 16], ["ufone", 9]] as const);
  const social = weightedPicker([["whatsapp", 40], ["youtube", 24], ["facebook", 19], ["instagram", 17]] as const);
  const mediaProblem = weightedPicker<Problem>([["media_fails", 55], ["slow", 31], ["no_connection", 8], ["calls_fail", 6]]);
  const bigCities = weightedPicker(
    [
      ["karachi-central", 3], ["karachi-east", 3], ["karachi-south", 3], ["karachi-west", 2], ["karachi-korangi", 2], ["karachi-malir", 2],
      ["lahore", 6], ["islamabad", 4], ["rawalpindi", 2], ["faisalabad", 1], ["peshawar", 1],
    ] as const,
  );
  const balochistan = districtsOf("balochistan");
  const sindh = districtsOf("sindh");
  const anyOf = (xs: string[]) => (r: Random) => xs[Math.floor(r() * xs.length)]!;
  const balochistanArea = anyOf(balochistan);
  const sindhArea = anyOf(sindh);

  // Social media throttled on mobile in the big cities around midday, on
  // several days, one of them today (so "last 24 h" and status see a spike).
  const middayDays = [52, 47, 45, 44, 30, 12, 3, 0];
  const middayStart = (daysAgo: number) => {
    const day = Math.floor((anchor - daysAgo * DAY) / DAY) * DAY;
    return day + 6 * HOUR + Math.floor(random() * 3) * HOUR; // 11:00–13:00 PKT
  };
  const midday = middayDays.map((d) => {
    let s = middayStart(d);
    if (s > anchor - 2 * HOUR) s = anchor - 4 * HOUR; // today's: ongoing, started 4 h ago
    return { start: s, end: s + (3 + Math.floor(random() * 4)) * HOUR, intensity: 1.2 + random() * 1.8 };
  });
  const throttling: Stream = {
    name: "throttling",
    weight: (t) => midday.reduce((w, e) => Math.max(w, e.intensity * bump(t, e.start, e.end, 45 * MINUTE)), 0),
    draw: (r, row) => {
      const service = social(r);
      let problem = mediaProblem(r);
      if (problem === "calls_fail" && service !== "whatsapp") problem = "media_fails";
      Object.assign(row, { area: bigCities(r), isp: mobileIsp(r), connection: "mobile", service, problem });
    },
  };

  // A mobile-data shutdown in Balochistan for a day and a half, 20 days ago.
  const shutdownStart = anchor - 20 * DAY;
  const shutdown: Stream = {
    name: "shutdown",
    weight: (t) => 0.8 * bump(t, shutdownStart, shutdownStart + 36 * HOUR, 2 * HOUR) * (0.4 + diurnal(t) / 2),
    draw: (r, row) => {
      const isp = mobileIsp(r);
      Object.assign(row, { area: balochistanArea(r), isp, connection: "mobile", service: r() < 0.7 ? "internet" : "whatsapp", problem: "no_connection" });
    },
  };

  // A PTCL fibre cut in Sindh for 6 hours, 9 days ago.
  const cutStart = anchor - 9 * DAY + 3 * HOUR;
  const cut: Stream = {
    name: "fibre-cut",
    weight: (t) => 1.1 * bump(t, cutStart, cutStart + 6 * HOUR, 20 * MINUTE),
    draw: (r, row) => {
      Object.assign(row, { area: sindhArea(r), isp: "ptcl", connection: "fixed", service: r() < 0.8 ? "internet" : "youtube", problem: r() < 0.7 ? "no_connection" : "slow" });
    },
  };

  // VPNs blocked nationally for the last 8 days (a step up, then flat-ish).
  const vpnStart = anchor - 8 * DAY;
  const vpn: Stream = {
    name: "vpn",
    weight: (t) => (t < vpnStart ? 0 : 0.25 * Math.min(1, (t - vpnStart) / (4 * HOUR)) * (0.45 + 0.55 * diurnal(t))),
    draw: (r, row) => {
      background.draw(r, row);
      Object.assign(row, { service: r() < 0.92 ? "vpn" : "tor-psiphon", problem: r() < 0.86 ? "vpn_blocked" : "slow" });
    },
  };
  return [background, throttling, shutdown, cut, vpn];
}

const HEX = "0123456789abcdef";
const hex8 = (random: Random) => randomUint32(random).toString(16).padStart(8, "0");
function uuid(random: Random): string {
  const a = hex8(random);
  const b = hex8(random);
  const c = hex8(random);
  const d = hex8(random);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${HEX[(parseInt(c[0]!, 16) & 3) | 8]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

export type Plan = { anchor: number; start: number; slots: number; counts: Int32Array[]; streams: Stream[] };

/** How many reports each stream gets in each 5-minute slot: exactly `rows` in all. */
export function plan(rows: number, anchor: number, seed: number): Plan {
  const random = seededRandom(seed);
  const s = streams(anchor, random);
  const start = anchor - DAYS * DAY;
  const slots = (DAYS * DAY) / SLOT;
  const weights = s.map((stream) => {
    const w = new Float64Array(slots);
    for (let i = 0; i < slots; i++) w[i] = stream.weight(start + i * SLOT + SLOT / 2);
    return w;
  });
  const total = weights.reduce((n, w) => n + w.reduce((a, b) => a + b, 0), 0);
  // Cumulative rounding over (slot, stream): sums to exactly `rows`.
  const counts = s.map(() => new Int32Array(slots));
  let cumulative = 0;
  let emitted = 0;
  for (let i = 0; i < slots; i++) {
    for (let k = 0; k < s.length; k++) {
      cumulative += weights[k]![i]!;
      const upTo = Math.round((rows * cumulative) / total);
      counts[k]![i] = upTo - emitted;
      emitted = upTo;
    }
  }
  return { anchor, start, slots, counts, streams: s };
}

/** The reports of slots [from, to) of the plan, oldest slot first. */
export function* generate(p: Plan, fromSlot: number, toSlot: number, seed: number): Generator<BulkReport> {
  const random = seededRandom(seed);
  const districts = new Map(DISTRICTS.map((d) => [d.slug, d]));
  const keysByDay = new Map<number, string[]>();
  for (let i = fromSlot; i < toSlot; i++) {
    const slotStart = p.start + i * SLOT;
    for (let k = 0; k < p.streams.length; k++) {
      const n = p.counts[k]![i]!;
      const stream = p.streams[k]!;
      for (let j = 0; j < n; j++) {
        const observed = slotStart + Math.floor(random() * (SLOT / 1000)) * 1000;
        const received = Math.min(observed + Math.floor(random() * 20 * MINUTE), p.anchor);
        // Each UTC day of receipt has its own reporters (the real key is an
        // HMAC with the day's secret); a few keen ones send many.
        const day = Math.floor(received / DAY);
        let keys = keysByDay.get(day);
        if (!keys) {
          keys = Array.from({ length: 20_000 }, () => hex8(random) + hex8(random) + hex8(random) + hex8(random));
          keysByDay.set(day, keys);
          keysByDay.delete(day - 2);
        }
        const row = {} as BulkReport;
        stream.draw(random, row);
        let cellLat: number | null = null;
        let cellLon: number | null = null;
        if (random() < 0.15) {
          const d = districts.get(row.area)!;
          cellLat = Math.round((d.lat + (random() - 0.5) * 0.06) * 100) / 100;
          cellLon = Math.round((d.lon + (random() - 0.5) * 0.06) * 100) / 100;
        }
        row.receivedAt = new Date(received);
        row.observedAt = new Date(observed);
        row.cellLat = cellLat;
        row.cellLon = cellLon;
        row.speedKbps = random() < 0.1 ? Math.max(1, Math.round(800 * Math.exp(normalish(random)))) : null;
        row.comment = random() < 0.02 ? commentFor(random, row.service, row.problem) : null;
        row.viaVpn = random() < 0.15 ? random() < 0.3 : null;
        row.source = source(random);
        row.clientKey = keys[Math.floor(keys.length * random() ** 1.6)]!;
        row.idempotencyKey = uuid(random);
        yield row;
      }
    }
  }
}
const normalish = (random: Random) => random() + random() + random() - 1.5;

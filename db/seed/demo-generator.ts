import type { BulkReport } from "@/db/bulk-load";
import { isInProvince } from "@/lib/geo/provinces";
import { coarsen } from "@/lib/geo/coarsen";
import { ISPS } from "@/lib/reference";
import { chance, normal, poisson, randomHex, randomUuid, seededRandom, type Random } from "@/lib/random";
import type { Connection, Problem } from "@/lib/reports/vocabulary";
import { DAY, HOUR, MINUTE, PKT_OFFSET, SLOT, diurnal, smoothstep, weekly } from "@/lib/time/demo-rhythm";
import {
  MIDDAY_FIXED_SHARE,
  MIDDAY_PEAK_PER_SLOT,
  VPN_BLOCK_DAYS,
  VPN_PER_SLOT,
  commentFor,
  episodeShape,
  middayEpisodes,
  middayFixedProblem,
  middayMobileProblem,
  middayService,
  vpnProblem,
  vpnService,
} from "@/db/seed/demo-scenario";
import { backgroundService, buildModel, problemPicker, source, type Model } from "@/db/seed/demo-weights";

// The synthetic demo: four weeks of ordinary complaints plus a scenario
// modelled on November 2024 in Pakistan — WhatsApp, YouTube, Facebook and
// Instagram failing on mobile data around midday for days on end while
// broadband stayed mostly fine, and VPNs blocked from mid-month — worst in
// Karachi, Lahore and Islamabad. Pure: no database, no clock; the same anchor
// and seed give the same reports, in the same order. (Coarse locations are
// checked against public/geo/provinces.geojson, read from the working
// directory like everywhere else: run from the project root.)

export const DEMO_DAYS = 28;
export const DEFAULT_DEMO_SEED = 20_241_115;

// The demo is split by responsibility: the day's rhythm in lib/time/demo-rhythm.ts,
// who reports on which network about what in demo-weights.ts, the November
// 2024 scenario in demo-scenario.ts, and the loop that draws reports here.
export { HOTSPOTS } from "@/db/seed/demo-scenario";

/** Reports per 5-minute slot at the diurnal peak of an ordinary day, nationally. */
const BACKGROUND_PER_SLOT = 8.3;

let model: Model | undefined;

// ---------------------------------------------------------------------------
// The generator

export type DemoOptions = { anchor: Date; seed: number };

type Stream = "background" | "midday-mobile" | "midday-fixed" | "vpn";

export function* generateDemoReports(options: DemoOptions): Generator<BulkReport> {
  model ??= buildModel();
  const m = model;
  const random = seededRandom(options.seed);
  const anchor = options.anchor.getTime();
  const start = anchor - DEMO_DAYS * DAY;
  const vpnStart = anchor - VPN_BLOCK_DAYS * DAY;
  const episodes = middayEpisodes(anchor, random);

  // Day-to-day variation of the ordinary volume (±10 %).
  const dayNoise = new Map<number, number>();
  const noiseOf = (t: number) => {
    const day = Math.floor((t + PKT_OFFSET) / DAY);
    let n = dayNoise.get(day);
    if (n === undefined) dayNoise.set(day, (n = 0.9 + random() * 0.2));
    return n;
  };

  // Reporters: each UTC day has its own client keys (the real key is an HMAC
  // with the day's secret), and a few keen reporters send several a day.
  const KEYS_PER_DAY = 3000;
  let keyDay = -1;
  let keys: string[] = [];
  const clientKeyAt = (t: number) => {
    const day = Math.floor(t / DAY);
    if (day !== keyDay) {
      keyDay = day;
      keys = Array.from({ length: KEYS_PER_DAY }, () => randomHex(random, 32));
    }
    return keys[Math.floor(KEYS_PER_DAY * random() ** 1.6)]!;
  };

  const make = (stream: Stream, slotStart: number, slotLength: number): BulkReport => {
    const observed = slotStart + Math.floor(random() * (slotLength / 1000)) * 1000;
    let area: string;
    let isp: string;
    let connection: Connection;
    let service: string;
    let problem: Problem;
    if (stream === "background") {
      area = m.background.area(random);
      isp = m.background.isp.get(area)!(random);
      connection = connectionOf(isp, random);
      service = backgroundService(random);
      problem = problemPicker(service)(random);
    } else if (stream === "midday-mobile") {
      area = m.hotspotArea(random);
      isp = m.scenarioMobileIsp(random);
      connection = "mobile";
      service = middayService(random);
      problem = middayMobileProblem(random);
      if (problem === "calls_fail" && service !== "whatsapp") problem = "media_fails";
    } else if (stream === "midday-fixed") {
      area = m.hotspotArea(random);
      isp = m.scenarioFixedIsp.get(area)!(random);
      connection = "fixed";
      service = middayService(random);
      problem = middayFixedProblem(random);
    } else {
      area = m.hotspotArea(random);
      isp = m.background.isp.get(area)!(random);
      connection = connectionOf(isp, random);
      service = vpnService(random);
      problem = vpnProblem(random);
    }

    // Received a few minutes later, but never after the anchor ("now").
    const delay = random() * 20 * MINUTE;
    const received = Math.min(observed + Math.floor(delay), anchor);

    let cellLat: number | null = null;
    let cellLon: number | null = null;
    if (random() < 0.15) {
      const cell = locate(random, m.districtByslug.get(area)!);
      if (cell) ({ lat: cellLat, lon: cellLon } = cell);
    }

    let speedKbps: number | null = null;
    if (random() < (problem === "slow" ? 0.35 : 0.08)) {
      // Log-normal: a few hundred kbit/s on mobile, a few Mbit/s on broadband.
      const median = problem === "slow" ? (connection === "mobile" ? 250 : 1200) : connection === "mobile" ? 900 : 4000;
      speedKbps = Math.max(1, Math.round(median * Math.exp(0.9 * normal(random))));
    }

    const isVpnService = service === "vpn" || service === "tor-psiphon";
    let viaVpn: boolean | null = null;
    const v = random();
    if (isVpnService) viaVpn = v < 0.35 ? true : v < 0.5 ? false : null;
    else viaVpn = v < 0.04 ? true : v < 0.15 ? false : null;

    const comment = random() < 0.02 ? commentFor(random, service, problem) : null;

    return {
      receivedAt: new Date(received),
      observedAt: new Date(observed),
      area,
      isp,
      service,
      connection,
      problem,
      cellLat,
      cellLon,
      speedKbps,
      comment,
      viaVpn,
      source: source(random),
      clientKey: clientKeyAt(received),
      idempotencyKey: randomUuid(random),
    };
  };

  for (let slot = start; slot < anchor; slot += SLOT) {
    const length = Math.min(SLOT, anchor - slot);
    const share = length / SLOT;
    const mid = slot + length / 2;
    const rhythm = diurnal(mid) * weekly(mid) * noiseOf(mid);

    const counts: [Stream, number][] = [["background", poisson(random, BACKGROUND_PER_SLOT * rhythm * share)]];

    let midday = 0;
    for (const e of episodes) {
      if (mid > e.start - HOUR && mid < e.end + HOUR) midday = Math.max(midday, episodeShape(mid, e) * e.intensity);
    }
    if (midday > 0) {
      counts.push(["midday-mobile", poisson(random, MIDDAY_PEAK_PER_SLOT * midday * share)]);
      counts.push(["midday-fixed", poisson(random, MIDDAY_PEAK_PER_SLOT * MIDDAY_FIXED_SHARE * midday * share)]);
    }

    if (mid >= vpnStart) {
      // The block bites over a few hours, then stays: elevated all day, with
      // the day's rhythm flattened (people need VPNs for work, too).
      const onset = smoothstep((mid - vpnStart) / (4 * HOUR));
      const vpnRhythm = 0.45 + 0.55 * diurnal(mid);
      counts.push(["vpn", poisson(random, VPN_PER_SLOT * vpnRhythm * onset * share)]);
    }

    for (const [stream, n] of counts) {
      for (let i = 0; i < n; i++) yield make(stream, slot, length);
    }
  }
}

function connectionOf(isp: string, random: Random): Connection {
  const kind = ISP_KIND.get(isp);
  if (kind === "mobile") return "mobile";
  if (kind === "both") return chance(random, 0.5) ? "mobile" : "fixed";
  return "fixed"; // fixed, and education networks (campus broadband)
}
const ISP_KIND = new Map(ISPS.map((i) => [i.slug, i.kind]));

/**
 * A coarse cell near the district's centre: jittered up to ~4 km, checked to
 * lie in the district's province (as the live path checks), then snapped to
 * the grid like every stored location. Undefined if no try lands inside.
 */
function locate(random: Random, district: { lat: number; lon: number; province: string }) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = 4 * Math.sqrt(random()); // km, uniform over the disc
    const a = 2 * Math.PI * random();
    const lat = district.lat + (r * Math.sin(a)) / 111;
    const lon = district.lon + (r * Math.cos(a)) / (111 * Math.cos((district.lat * Math.PI) / 180));
    if (isInProvince({ lat, lon }, district.province)) return coarsen({ lat, lon });
  }
  return undefined;
}

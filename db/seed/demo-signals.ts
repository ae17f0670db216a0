import { middayEpisodes, VPN_BLOCK_DAYS } from "@/db/seed/demo-scenario";
import { DEMO_DAYS } from "@/db/seed/demo-generator";
import { seededRandom } from "@/lib/random";
import { findIsp } from "@/lib/reference";
import { asnEntity, COUNTRY_ENTITY } from "@/lib/signals/entities";
import type { Signal } from "@/lib/signals/types";
import { DAY, HOUR } from "@/lib/time/demo-rhythm";

// Synthetic measured signals for the demo, consistent with its scenario
// (db/seed/demo-scenario.ts): IODA's active probing dips on the mobile
// networks during the midday episodes (the same episodes as the reports,
// from the same seed) and not on PTCL; OONI's WhatsApp tests on the mobile
// networks turn anomalous on those days; its web-connectivity tests of VPN
// sites once VPNs are blocked. Marked `synthetic:demo` as their URL, and the
// demo says on every page that its data is synthetic.

const MOBILE = ["jazz", "zong", "telenor", "ufone"] as const;
const STEP = 10 * 60_000;
const URL = "synthetic:demo";

export function generateDemoSignals(options: { anchor: Date; seed: number }): Signal[] {
  const anchor = options.anchor.getTime();
  const start = anchor - DEMO_DAYS * DAY;
  const episodes = middayEpisodes(anchor, seededRandom(options.seed));
  const noise = seededRandom(options.seed + 7);
  const vpnStart = anchor - VPN_BLOCK_DAYS * DAY;
  const out: Signal[] = [];
  const entities: { entity: string; usual: number; mobile: boolean }[] = [
    { entity: COUNTRY_ENTITY, usual: 41_000, mobile: false },
    ...MOBILE.map((isp, i) => ({ entity: asnEntity(findIsp(isp)!.asns[0]!), usual: [9_800, 7_400, 5_100, 3_600][i]!, mobile: true })),
    { entity: asnEntity(findIsp("ptcl")!.asns[0]!), usual: 12_500, mobile: false },
  ];
  for (let t = Math.ceil(start / STEP) * STEP; t < anchor; t += STEP) {
    const dip = Math.max(0, ...episodes.map((e) => (t >= e.start && t < e.end ? 0.3 * e.intensity : 0)));
    for (const e of entities) {
      const drop = e.mobile ? dip : e.entity === COUNTRY_ENTITY ? dip * 0.55 : 0;
      out.push({ source: "ioda", metric: "ping-slash24", entity: e.entity, t: new Date(t), stepSeconds: 600, value: Math.round(e.usual * (1 - drop) * (0.985 + noise() * 0.03)), baseline: null, sampleSize: null, url: URL });
    }
  }
  for (let day = Math.floor(start / DAY) * DAY; day < anchor; day += DAY) {
    const throttled = episodes.some((e) => e.start >= day && e.start < day + DAY);
    for (const isp of MOBILE) {
      const tests = 30 + Math.floor(noise() * 30);
      out.push({ source: "ooni", metric: "whatsapp", entity: asnEntity(findIsp(isp)!.asns[0]!), t: new Date(day), stepSeconds: 86_400, value: throttled ? 0.3 + noise() * 0.2 : noise() * 0.04, baseline: null, sampleSize: tests, url: URL });
      out.push({ source: "ooni", metric: "web_connectivity", entity: asnEntity(findIsp(isp)!.asns[0]!), t: new Date(day), stepSeconds: 86_400, value: day + DAY > vpnStart + 4 * HOUR ? 0.45 + noise() * 0.2 : noise() * 0.05, baseline: null, sampleSize: tests, url: URL });
    }
  }
  return out;
}

import type { BulkReport } from "@/db/bulk-load";
import { DAY, HOUR, MINUTE, PKT_OFFSET, SLOT, diurnal, weekly } from "@/lib/time/demo-rhythm";
import { vpnProblem, vpnService } from "@/db/seed/demo-scenario";
import { backgroundService, buildModel, problemPicker, source, type Model } from "@/db/seed/demo-weights";
import type { Decoy, Label } from "@/lib/detection/evaluation/live-score";
import { ISPS } from "@/lib/reference";
import { chance, pick, poisson, randomHex, randomInt, randomUuid, seededRandom, weightedPicker, type Random } from "@/lib/random";
import type { Connection, Problem } from "@/lib/reports/vocabulary";

/*
 * Labelled report-level scenarios for `npm run eval:detection -- --live`:
 * five weeks of ordinary reports with the demo's daily and weekly rhythm and
 * its districts, ISPs and services (db/seed/demo-weights.ts), then a test
 * day (a Monday, PKT) holding labelled events and unlabelled decoys at fixed
 * times:
 *
 *   01:00–01:30  decoy: one client sends 60–120 Facebook-on-Jazz reports
 *   05:30–09:30  Zong failing, a slow onset over 2½ hours
 *   10:30–11:30  PTCL down in Lahore only
 *   12:00–13:00  WhatsApp down nationwide
 *   14:00–19:00  VPN blocked nationwide
 *   16:00–16:40  …and, meanwhile, YouTube slow in Lahore and Islamabad
 *   20:00–23:00  decoy: an evening 40 % busier than usual
 *
 * One day, not more: every minute of it costs a detection run, and a run
 * costs a few hundred milliseconds on PGlite (scripts/eval-detection-live.ts).
 * Every person reports once (a client key of their own), so the abuse rules
 * count every ordinary report; only the flooding client is one key. Most
 * reports arrive within half a minute; one in seven comes from the offline
 * queue 1–20 minutes after it was observed. Pure and seeded: the same size and
 * seed give the same reports, sorted by when they were received.
 */

const HISTORY_DAYS = 35;
const TEST_DAYS = 1;
/** Monday 7 October 2024, 00:00 PKT: where the history starts. */
const HISTORY_FROM = Date.UTC(2024, 9, 7) - PKT_OFFSET;

/** Ordinary reports per 5-minute slot at the diurnal peak, nationally, at size 1 (the demo's level). */
const BACKGROUND_PER_SLOT = 8.3;

export type Size = { name: string; factor: number };
export const SIZES: readonly Size[] = [
  { name: "quiet", factor: 1 },
  { name: "busier", factor: 2 },
];

export type LiveScenario = {
  name: string;
  historyFrom: number;
  testFrom: number;
  testTo: number;
  /** Every report received before testTo, oldest receivedAt first. */
  reports: BulkReport[];
  labels: Label[];
  decoys: Decoy[];
};

/** What a report says: where, on which network, about what. */
type Fields = Pick<BulkReport, "area" | "isp" | "service" | "connection" | "problem">;
/** A labelled event: extra reports per slot at size 1 at full strength (reached after rampMs), and what each says. */
type Event = Label & { perSlot: number; rampMs?: number; draw: () => Fields };

let model: Model | undefined;

export function makeLiveScenario(size: Size, seed: number): LiveScenario {
  model ??= buildModel();
  const m = model;
  const random = seededRandom(seed);
  const testFrom = HISTORY_FROM + HISTORY_DAYS * DAY;
  const testTo = testFrom + TEST_DAYS * DAY;
  const at = (hours: number) => testFrom + hours * HOUR;

  const ordinary = (): Fields => {
    const area = m.background.area(random);
    const isp = m.background.isp.get(area)!(random);
    const service = backgroundService(random);
    return { area, isp, service, connection: connectionOf(isp, random), problem: problemPicker(service)(random) };
  };
  const slow = weightedPicker<Problem>([["slow", 70], ["media_fails", 30]]);
  const down = weightedPicker<Problem>([["no_connection", 80], ["slow", 20]]);
  const messaging = weightedPicker<Problem>([["media_fails", 45], ["calls_fail", 25], ["no_connection", 30]]);
  const inCity = (area: string): Fields => {
    const isp = m.background.isp.get(area)!(random);
    return { area, isp, service: "youtube", connection: connectionOf(isp, random), problem: slow(random) };
  };
  const events: Event[] = [
    {
      name: "VPN blocked nationwide",
      scope: { services: ["vpn", "tor-psiphon"] },
      start: at(14),
      end: at(19),
      perSlot: 8,
      draw: () => ({ ...ordinary(), service: vpnService(random), problem: vpnProblem(random) }),
    },
    {
      name: "YouTube slow in Lahore and Islamabad",
      scope: { services: ["youtube"], areas: ["lahore", "islamabad"] },
      start: at(16),
      end: at(16) + 40 * MINUTE,
      perSlot: 8,
      draw: () => inCity(pick(random, ["lahore", "islamabad"])),
    },
    {
      name: "WhatsApp down nationwide, 12:00–13:00",
      scope: { services: ["whatsapp"] },
      start: at(12),
      end: at(13),
      perSlot: 15,
      draw: () => ({ ...ordinary(), service: "whatsapp", problem: messaging(random) }),
    },
    {
      name: "Zong failing, slow onset",
      scope: { isps: ["zong"] },
      start: at(5.5),
      end: at(9.5),
      perSlot: 10,
      rampMs: 2.5 * HOUR,
      draw: () => ({ ...ordinary(), isp: "zong", connection: "mobile", problem: down(random) }),
    },
    {
      name: "PTCL down in Lahore",
      scope: { isps: ["ptcl"], areas: ["lahore"] },
      start: at(10.5),
      end: at(11.5),
      perSlot: 8,
      draw: () => ({ ...ordinary(), area: "lahore", isp: "ptcl", connection: "fixed", problem: down(random) }),
    },
  ];
  const flood: Decoy = { name: "one client flooding", start: at(1), end: at(1.5) };
  const evening: Decoy = { name: "busy evening (+40 %)", start: at(20), end: at(23) };

  const reports: BulkReport[] = [];
  const add = (observed: number, fields: Fields, clientKey = randomHex(random, 32)) => {
    const late = chance(random, 1 / 7);
    const delay = late ? randomInt(random, 60, 20 * 60) * 1000 : randomInt(random, 0, 30) * 1000;
    if (observed + delay >= testTo) return;
    reports.push({
      ...fields,
      observedAt: new Date(observed),
      receivedAt: new Date(observed + delay),
      source: late ? "offline" : source(random),
      clientKey,
      idempotencyKey: randomUuid(random),
    });
  };
  const inSlot = (slot: number) => slot + randomInt(random, 0, SLOT / 1000 - 1) * 1000;

  let dayFactor = 1;
  for (let slot = HISTORY_FROM; slot < testTo; slot += SLOT) {
    // Day-to-day variation of the ordinary volume (±10 %), as in the demo.
    if ((slot - HISTORY_FROM) % DAY === 0) dayFactor = 0.9 + random() * 0.2;
    const mid = slot + SLOT / 2;
    const busier = mid >= evening.start && mid < evening.end ? 1.4 : 1;
    const n = poisson(random, BACKGROUND_PER_SLOT * size.factor * diurnal(mid) * weekly(mid) * dayFactor * busier);
    for (let i = 0; i < n; i++) add(inSlot(slot), ordinary());
    for (const e of events) {
      if (mid < e.start || mid >= e.end) continue;
      const strength = e.rampMs ? Math.min(1, (mid - e.start) / e.rampMs) : 1;
      const extra = poisson(random, e.perSlot * size.factor * strength);
      for (let i = 0; i < extra; i++) add(inSlot(slot), e.draw());
    }
  }
  addFlood(random, flood, add);

  reports.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  return {
    name: size.name,
    historyFrom: HISTORY_FROM,
    testFrom,
    testTo,
    reports,
    labels: events.map(({ name, scope, start, end }) => ({ name, scope, start, end })).sort((a, b) => a.start - b.start),
    decoys: [flood, evening],
  };
}

/** One client key sending 60–120 Facebook-on-Jazz reports from one city within the decoy's half hour. */
function addFlood(random: Random, flood: Decoy, add: (observed: number, fields: Fields, clientKey: string) => void) {
  const clientKey = randomHex(random, 32);
  const area = pick(random, ["lahore", "karachi-central", "peshawar", "multan"]);
  const count = randomInt(random, 60, 120);
  for (let i = 0; i < count; i++) {
    const observed = flood.start + Math.floor((i * (flood.end - flood.start)) / count);
    add(observed, { area, isp: "jazz", service: "facebook", connection: "mobile", problem: "slow" }, clientKey);
  }
}

/** As the demo generator draws it. */
function connectionOf(isp: string, random: Random): Connection {
  const kind = ISP_KIND.get(isp);
  if (kind === "mobile") return "mobile";
  if (kind === "both") return chance(random, 0.5) ? "mobile" : "fixed";
  return "fixed";
}
const ISP_KIND = new Map(ISPS.map((i) => [i.slug, i.kind]));

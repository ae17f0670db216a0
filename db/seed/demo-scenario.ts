import { pick, weightedPicker, type Random } from "@/lib/random";
import type { Problem } from "@/lib/reports/vocabulary";
import { DAY, HOUR, MINUTE, smoothstep } from "@/lib/time/demo-rhythm";

// The scenario on top of the ordinary complaints, modelled on November 2024
// in Pakistan: WhatsApp, YouTube, Facebook and Instagram failing on mobile
// data around midday for days on end while broadband stayed mostly fine, and
// VPNs blocked from mid-month — worst in Karachi, Lahore and Islamabad.

/** Extra mobile reports per slot at the top of a midday throttling episode. */
export const MIDDAY_PEAK_PER_SLOT = 62;
/** Broadband's share of the midday episode, relative to mobile: a slight rise only. */
export const MIDDAY_FIXED_SHARE = 0.05;
/** Extra VPN reports per slot at the evening peak once VPNs are blocked. */
export const VPN_PER_SLOT = 4.6;
export const MIDDAY_DAYS = 10;
export const VPN_BLOCK_DAYS = 8;

// ---------------------------------------------------------------------------
// Where

export const KARACHI = ["karachi-central", "karachi-east", "karachi-korangi", "karachi-malir", "karachi-south", "karachi-west"];
/** Where the scenario hits hardest: Karachi's six districts, Lahore, Islamabad. */
export const HOTSPOTS: readonly string[] = [...KARACHI, "lahore", "islamabad"];
export const HOTSPOT_FACTOR = 4;

// ---------------------------------------------------------------------------
// What fails

export const MIDDAY_SERVICES: (readonly [string, number])[] = [
  ["whatsapp", 40],
  ["youtube", 24],
  ["facebook", 19],
  ["instagram", 17],
];

export const middayService = weightedPicker(MIDDAY_SERVICES);
export const middayMobileProblem = weightedPicker<Problem>([
  ["media_fails", 55],
  ["slow", 31],
  ["no_connection", 8],
  ["calls_fail", 6],
]);
export const middayFixedProblem = weightedPicker<Problem>([["slow", 60], ["media_fails", 30], ["no_connection", 10]]);
export const vpnService = weightedPicker([["vpn", 92], ["tor-psiphon", 8]] as const);
export const vpnProblem = weightedPicker<Problem>([["vpn_blocked", 86], ["slow", 9], ["no_connection", 5]]);

// ---------------------------------------------------------------------------
// Comments: a few of the things people actually wrote in November 2024.

const COMMENTS_MEDIA = [
  "voice notes stuck on clock icon",
  "pictures won't download on WhatsApp, text messages go",
  "videos not loading, only text works",
  "YouTube stuck at 144p",
  "Instagram reels keep buffering",
  "وائس نوٹ نہیں جا رہے",
  "واٹس ایپ پر تصویریں ڈاؤن لوڈ نہیں ہو رہیں",
  "ویڈیو نہیں چل رہی",
  "صرف ٹیکسٹ میسج جا رہے ہیں",
];
const COMMENTS_VPN = [
  "VPN connects then drops after a minute",
  "work VPN not connecting, client calls missed",
  "Proton VPN stuck on connecting",
  "VPN بند ہے، کام نہیں ہو رہا",
  "وی پی این کنیکٹ نہیں ہو رہا",
];
const COMMENTS_GENERAL = [
  "same problem since morning",
  "everyone in my area has the same issue",
  "4G signal full but nothing loads",
  "fine on wifi, broken on mobile data",
  "complained to helpline, no answer",
  "انٹرنیٹ بہت سست ہے",
  "صبح سے نیٹ نہیں چل رہا",
  "موبائل ڈیٹا بالکل نہیں چل رہا",
  "ہیلپ لائن پر شکایت کی، کوئی جواب نہیں",
];

export function commentFor(random: Random, service: string, problem: Problem): string {
  if (problem === "vpn_blocked" || service === "vpn" || service === "tor-psiphon") return pick(random, COMMENTS_VPN);
  if (problem === "media_fails") return pick(random, COMMENTS_MEDIA);
  return pick(random, COMMENTS_GENERAL);
}

// ---------------------------------------------------------------------------
// The scenario in time

export type Episode = { start: number; end: number; intensity: number };

export function middayEpisodes(anchor: number, random: Random): Episode[] {
  // The last MIDDAY_DAYS days whose midday window began before the anchor:
  // if the anchor falls inside today's window, today's episode is "now".
  const episodes: Episode[] = [];
  const today = Math.floor(anchor / DAY) * DAY;
  for (let day = today; episodes.length < MIDDAY_DAYS; day -= DAY) {
    const start = day + 7 * HOUR + (random() - 0.5) * 20 * MINUTE; // 12:00 PKT ± 10 min
    const end = day + 8.5 * HOUR + (random() - 0.5) * 20 * MINUTE; // 13:30 PKT ± 10 min
    const intensity = 0.75 + random() * 0.5;
    if (start < anchor) episodes.push({ start, end, intensity });
  }
  return episodes.reverse();
}

/** 0..1: ramps up over the first 25 minutes and down over the last 25, with faint shoulders. */
export function episodeShape(t: number, e: Episode): number {
  const ramp = 25 * MINUTE;
  const core = smoothstep((t - e.start) / ramp) * (1 - smoothstep((t - (e.end - ramp)) / ramp));
  const shoulder = 0.06 * (smoothstep((t - (e.start - 30 * MINUTE)) / (30 * MINUTE)) * (1 - smoothstep((t - e.end) / (30 * MINUTE))));
  return Math.max(core, shoulder);
}

import type { StatusLevel } from "@/lib/detection/status";
import { findArea, findIsp, findService } from "@/lib/reference";

// What the app answers a text, in the sender's language: English, Roman
// Urdu or Urdu. Short: an SMS in Urdu script holds 70 characters a segment.

export type ReplyLanguage = "en" | "roman-ur" | "ur";
type Named = { nameEn: string; nameUr: string } | undefined;

const name = (item: Named, slug: string, lang: ReplyLanguage) => (item ? (lang === "ur" ? item.nameUr : item.nameEn) : slug);
const isp = (slug: string, lang: ReplyLanguage) => name(findIsp(slug), slug, lang);
const service = (slug: string, lang: ReplyLanguage) => name(findService(slug), slug, lang);
const area = (slug: string, lang: ReplyLanguage) => name(findArea(slug), slug, lang);

const EXAMPLE = "ZONG KARACHI WHATSAPP";

export function recordedReply(lang: ReplyLanguage, f: { isp: string; area: string; service: string }, others: number): string {
  if (lang === "ur") {
    return `شکریہ! درج ہو گیا: ${isp(f.isp, lang)} پر ${service(f.service, lang)}، ${area(f.area, lang)}۔ پچھلے گھنٹے میں قریب ${others} اور لوگوں نے یہی بتایا۔`;
  }
  if (lang === "roman-ur") {
    return `Shukriya! Darj ho gaya: ${isp(f.isp, lang)} par ${service(f.service, lang)}, ${area(f.area, lang)}. Pichhle ghante mein qareeb ${others} aur logon ne yehi bataya.`;
  }
  return `Thank you. Recorded: ${service(f.service, lang)} on ${isp(f.isp, lang)} in ${area(f.area, lang)}. ${others} ${others === 1 ? "other" : "others"} reported the same nearby in the last hour.`;
}

export function askReply(lang: ReplyLanguage, missing: readonly ("isp" | "area")[]): string {
  const both = missing.includes("isp") && missing.includes("area");
  if (lang === "ur") {
    if (both) return `کون سا نیٹ ورک اور کون سا شہر؟ مثال: زونگ کراچی واٹس ایپ`;
    return missing.includes("isp") ? `کون سا نیٹ ورک (جاز، زونگ، ٹیلی نار، یوفون، پی ٹی سی ایل)؟ مثال: زونگ` : `کون سا شہر؟ مثال: کراچی`;
  }
  if (lang === "roman-ur") {
    if (both) return `Kaun sa network aur kaun sa shehar? Misal: ${EXAMPLE}`;
    return missing.includes("isp") ? `Kaun sa network (Jazz, Zong, Telenor, Ufone, PTCL)? Misal: ZONG` : `Kaun sa shehar? Misal: KARACHI`;
  }
  if (both) return `Which network and which city? For example: ${EXAMPLE}`;
  return missing.includes("isp") ? `Which network (Jazz, Zong, Telenor, Ufone, PTCL…)? For example: ZONG` : `Which city or district? For example: KARACHI`;
}

export function unreadableReply(lang: ReplyLanguage): string {
  if (lang === "ur") return `معاف کیجیے، سمجھ نہیں آیا۔ نیٹ ورک، شہر اور ایپ بھیجیں، مثال: زونگ کراچی واٹس ایپ۔ مدد کے لیے: مدد`;
  if (lang === "roman-ur") return `Maaf kijiye, samajh nahi aaya. Network, shehar aur app bhejein, misal: ${EXAMPLE}. HELP bhejein.`;
  return `Sorry, we could not read that. Send the network, city and app, e.g. ${EXAMPLE}. Send HELP for more.`;
}

export function helpReply(lang: ReplyLanguage): string {
  if (lang === "ur") return `بھیجیں: نیٹ ورک شہر ایپ مسئلہ، مثال: جاز لاہور نیٹ بند۔ حالت: حالت زونگ کراچی۔ جواب بند: STOP`;
  if (lang === "roman-ur") return `Bhejein: NETWORK SHEHAR APP MASLA, misal: JAZZ LAHORE NET BAND. Halat: STATUS ZONG KARACHI. Jawab band: STOP`;
  return `Send: NETWORK CITY APP PROBLEM, e.g. JAZZ LAHORE NET DOWN or ZONG KARACHI WHATSAPP SLOW. STATUS ZONG KARACHI: the status now. STOP: no more replies.`;
}

export function stopReply(lang: ReplyLanguage): string {
  if (lang === "ur") return `آپ کو مزید جواب نہیں آئیں گے۔ دوبارہ کے لیے START بھیجیں۔`;
  if (lang === "roman-ur") return `Ab aap ko jawab nahi aayenge. Dobara ke liye START bhejein.`;
  return `You will get no more replies. Send START to get them again.`;
}

export function startReply(lang: ReplyLanguage): string {
  if (lang === "ur") return `جوابات دوبارہ شروع۔ مدد کے لیے: مدد`;
  if (lang === "roman-ur") return `Jawab dobara shuru. HELP bhejein.`;
  return `Replies are on again. Send HELP for how to report.`;
}

export function limitedReply(lang: ReplyLanguage): string {
  if (lang === "ur") return `اس نمبر سے بہت زیادہ پیغامات۔ کچھ دیر بعد بھیجیں۔`;
  if (lang === "roman-ur") return `Is number se bohat zyada paighamat. Kuch der baad bhejein.`;
  return `Too many messages from this number. Please try again later.`;
}

const LEVEL: Record<ReplyLanguage, Record<StatusLevel, string>> = {
  en: { problem: "a problem", elevated: "more than usual", normal: "normal", unknown: "not enough reports to say" },
  "roman-ur": { problem: "masla hai", elevated: "mamool se zyada", normal: "mamool ke mutabiq", unknown: "kehne ke liye kam reports" },
  ur: { problem: "مسئلہ ہے", elevated: "معمول سے زیادہ", normal: "معمول کے مطابق", unknown: "کہنے کے لیے کم رپورٹیں" },
};

export function statusReply(lang: ReplyLanguage, scope: { isp?: string; service?: string; area?: string }, s: { current: number; expected: number; level: StatusLevel }): string {
  const parts = [scope.service && service(scope.service, lang), scope.isp && isp(scope.isp, lang), scope.area && area(scope.area, lang)].filter(Boolean);
  const what = parts.join(lang === "ur" ? "، " : ", ") || (lang === "ur" ? "پورا ملک" : lang === "roman-ur" ? "Poora mulk" : "The whole country");
  const typical = Math.round(s.expected);
  if (lang === "ur") return `${what}: پچھلے گھنٹے ${s.current} رپورٹیں، عام طور پر ${typical}۔ ${LEVEL.ur[s.level]}۔`;
  if (lang === "roman-ur") return `${what}: pichhle ghante ${s.current} reports, aam tor par ${typical}. ${LEVEL["roman-ur"][s.level]}.`;
  return `${what}: ${s.current} reports in the last hour, typically ${typical}: ${LEVEL.en[s.level]}.`;
}

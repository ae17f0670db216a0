import type { Follows } from "@/lib/alerts/follows";
import { findArea, findIsp, findService } from "@/lib/reference";

// The double opt-in mail: what was asked for, and the one link that turns
// it on. Nothing else is ever sent to an address that has not followed it.

export function followsText(f: Follows, lang: string): string {
  const ur = lang === "ur";
  const name = (x: { nameEn: string; nameUr: string } | undefined, slug: string) => (x ? (ur ? x.nameUr : x.nameEn) : slug);
  const parts = [
    ...f.services.map((s) => name(findService(s), s)),
    ...f.isps.map((s) => name(findIsp(s), s)),
    ...f.areas.map((s) => name(findArea(s), s)),
  ];
  return parts.length ? parts.join(ur ? "، " : ", ") : ur ? "ہر واقعہ" : "every incident";
}

export function confirmationMail(lang: string, confirmUrl: string, follows: Follows): { subject: string; text: string } {
  if (lang === "ur") {
    return {
      subject: "اپنے الرٹ کی تصدیق کریں (ڈسرپشن واچ)",
      text: `کسی نے اس پتے کے لیے ڈسرپشن واچ کے الرٹ مانگے ہیں: ${followsText(follows, lang)}۔\n\nتصدیق کے لیے یہ لنک کھولیں (48 گھنٹے تک کام کرے گا):\n${confirmUrl}\n\nاگر یہ آپ نے نہیں مانگا تو کچھ نہ کریں: تصدیق کے بغیر کچھ نہیں بھیجا جائے گا۔\n`,
    };
  }
  return {
    subject: "Confirm your alert (Disruption Watch)",
    text: `Someone asked for Disruption Watch alerts at this address: ${followsText(follows, lang)}.\n\nTo confirm, open this link (it works for 48 hours):\n${confirmUrl}\n\nIf this was not you, do nothing: nothing is sent without confirmation.\n`,
  };
}

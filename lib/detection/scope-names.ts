import { findArea, findIsp, findService, localName } from "@/lib/reference";
import { scopeParts, type Scope } from "@/lib/detection/scopes";

/** A scope in words: "WhatsApp", "Zong", "Sindh", "WhatsApp on Zong" (Urdu: "زونگ پر واٹس ایپ"), "Zong in Lahore" ("لاہور میں زونگ"). */
export function scopeName(scope: Scope, locale: string): string {
  const p = scopeParts(scope);
  const name = (item: { nameEn: string; nameUr: string } | undefined, slug: string) => (item ? localName(item, locale) : slug);
  const service = p.service ? name(findService(p.service), p.service) : undefined;
  const isp = p.isp ? name(findIsp(p.isp), p.isp) : undefined;
  const area = p.area ? name(findArea(p.area), p.area) : undefined;
  if (service && isp) return locale === "ur" ? `${isp} پر ${service}` : `${service} on ${isp}`;
  if (area && isp) return locale === "ur" ? `${area} میں ${isp}` : `${isp} in ${area}`;
  return service ?? isp ?? area ?? scope.key;
}

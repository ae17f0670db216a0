import { scopeParts, type Scope } from "@/lib/detection/scopes";
import { findArea, findIsp, findService } from "@/lib/reference";

// What an embed shows: one service, ISP or area (province or district), in
// English or Urdu, and the addresses that belong to it — its card, its
// badge, its full page and the report form. The routes, the oEmbed answer
// and the pages' discovery links all build their paths here, so a card
// always links back to the page it was made from.

export const EMBED_KINDS = ["service", "isp", "area"] as const;
export type EmbedKind = (typeof EMBED_KINDS)[number];
export type EmbedLocale = "en" | "ur";

export type EmbedTarget = { kind: EmbedKind; slug: string; nameEn: string; nameUr: string };

const find = { service: findService, isp: findIsp, area: findArea } as const;

/** The target named by a path's kind and slug; undefined for anything the reference lists do not hold. */
export function findTarget(kind: string, slug: string): EmbedTarget | undefined {
  if (!(EMBED_KINDS as readonly string[]).includes(kind)) return undefined;
  const found = find[kind as EmbedKind](slug);
  return found ? { kind: kind as EmbedKind, slug: found.slug, nameEn: found.nameEn, nameUr: found.nameUr } : undefined;
}

/** `?lang=ur` gives Urdu; anything else English (an embed has no path prefix to carry the language). */
export const embedLocale = (lang: string | null | undefined): EmbedLocale => (lang === "ur" ? "ur" : "en");

const prefix = (locale: EmbedLocale) => (locale === "ur" ? "/ur" : "");
const langQuery = (locale: EmbedLocale) => (locale === "ur" ? "?lang=ur" : "");

/** The full page: /service/whatsapp, /ur/service/whatsapp. */
export const pagePath = (t: Pick<EmbedTarget, "kind" | "slug">, locale: EmbedLocale) => `${prefix(locale)}/${t.kind}/${t.slug}`;
export const reportPath = (locale: EmbedLocale) => `${prefix(locale)}/report`;
export const embedPath = (t: Pick<EmbedTarget, "kind" | "slug">, locale: EmbedLocale) => `/embed/${t.kind}/${t.slug}${langQuery(locale)}`;

/** The read filters of a target, as a query for parseFilters: one service, ISP or area, the default 24-hour window. */
export function targetParams(t: Pick<EmbedTarget, "kind" | "slug">): URLSearchParams {
  return new URLSearchParams({ [t.kind]: t.slug });
}

/**
 * The card that stands for an incident: its primary scope's. A pair scope
 * ("WhatsApp on Zong", "Zong in Lahore") has no page of its own, so the card
 * is its service, or its district: what a story about it is mostly about.
 */
export function incidentTarget(primary: Scope): EmbedTarget | undefined {
  const p = scopeParts(primary);
  if (p.service) return findTarget("service", p.service);
  if (p.area) return findTarget("area", p.area);
  return p.isp ? findTarget("isp", p.isp) : undefined;
}

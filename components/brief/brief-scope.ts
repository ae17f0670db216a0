import { dimensionNames } from "@/db/queries/breakdown";
import type { Filters } from "@/lib/filters";

/** The filters of a brief in words ("WhatsApp · Zong, Jazz · mobile data"), or null for everything. */
export function scopeWords(filters: Filters, locale: string, words: { connection: (c: string) => string; problem: (p: string) => string }): string | null {
  const name = (dimension: "area" | "isp" | "service", key: string) => {
    const n = dimensionNames(dimension, key);
    return locale === "ur" ? n.nameUr : n.nameEn;
  };
  const separator = locale === "ur" ? "، " : ", ";
  const parts = [
    filters.services.map((s) => name("service", s)).join(separator),
    filters.isps.map((i) => name("isp", i)).join(separator),
    filters.areas.map((a) => name("area", a)).join(separator),
    filters.connections.map(words.connection).join(separator),
    filters.problems.map(words.problem).join(separator),
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

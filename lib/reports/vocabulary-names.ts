import en from "@/messages/en.json";
import ur from "@/messages/ur.json";

type Group = "connection" | "problem";

/** English and Urdu names of a connection type or problem, from the message catalogues. */
export function vocabularyName(group: Group, key: string): { nameEn: string; nameUr: string } {
  const pick = (messages: typeof en) => (messages[group] as Record<string, string>)[key] ?? key;
  return { nameEn: pick(en), nameUr: pick(ur as typeof en) };
}

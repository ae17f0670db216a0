// Normalisation

/**
 * Canonical form of a text: Unicode NFKC (folds Arabic presentation forms),
 * Arabic letter variants mapped to their Urdu forms (ي/ى→ی, ك→ک, ه/ة/ۃ→ہ),
 * harakat, Quranic marks, tatweel and invisible joiners removed, Arabic-Indic
 * and Urdu digits mapped to ASCII, whitespace collapsed. Case is kept.
 */
export function normaliseText(text: string): string {
  return (
    text
      .normalize("NFKC")
      // ی followed by a combining hamza has no precomposed form: it is ئ.
      .replace(/\u06CC\u0654/g, "\u0626")
      .replace(/[\u064A\u0649]/g, "\u06CC")
      .replace(/\u0643/g, "\u06A9")
      .replace(/[\u0647\u0629\u06C0\u06C2\u06C3\u06D5]/g, "\u06C1")
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
      .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/g, "")
      .replace(/[\u0640\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/**
 * Matching key of one word: lower case, and Urdu spellings people use
 * interchangeably folded together (ھ/ہ, ں/ن, آ/أ/ا, ئ/ی, ؤ/و, ۓ/ے). Used on
 * both sides of every lookup, never shown.
 */
function fold(word: string): string {
  return word
    .toLowerCase()
    .replace(/\u06BE/g, "\u06C1")
    .replace(/\u06BA/g, "\u0646")
    .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
    .replace(/\u0626/g, "\u06CC")
    .replace(/\u0624/g, "\u0648")
    .replace(/\u06D3/g, "\u06D2");
}

export type Token = {
  key: string;
  /** The word as written (normalised, lower case), for unknownWords. */
  raw: string;
  /** Split off a run of digits ("4g", "5din"): not a word on its own. */
  glued: boolean;
  numeric: boolean;
};

export function tokenise(text: string): Token[] {
  const words =
    normaliseText(text)
      .toLowerCase()
      .replace(/['’‘`]/g, "") // "can't" is one word
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.flatMap((word) => {
    const parts = word.match(/[0-9]+|[^0-9]+/g) ?? [];
    return parts.map((part) => ({ key: fold(part), raw: part, glued: parts.length > 1, numeric: /^[0-9]+$/.test(part) }));
  });
}

export const keyOf = (word: string) => tokenise(word).map((t) => t.key).join(" ");
export const keySet = (words: string) => new Set(words.trim().split(/\s+/).map(keyOf));
export const keyMap = <T>(pairs: [string, T][]) => new Map(pairs.map(([w, v]) => [keyOf(w), v]));

import { getLexicon, MAX_NGRAM, type Effect, type Entry } from "./lexicon";
import type { Token } from "./normalise";
import { readSince } from "./since";

// Matching

export type Match = { start: number; effect: Effect; weak: boolean; broad: boolean };

/** Optimal string alignment distance (a swap of neighbours costs 1: "qeutta"), giving up above `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    if (Math.min(...row) > max) return max + 1;
    [before, previous] = [previous, row];
  }
  return previous[b.length]!;
}

/** The one name within reach of a misspelt word, or nothing if none or two different ones are. */
function fuzzyLookup(word: string): Entry | undefined {
  let best: Entry | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const { key, entry } of getLexicon().fuzzyTargets) {
    // A typo rarely hits the first letter, and "wala" must not become Hala.
    if (key[0] !== word[0]) continue;
    // Two edits only between two long words: "instead" is not "insta".
    const max = Math.min(word.length, key.length) >= 7 ? 2 : 1;
    const d = editDistance(word, key, max);
    if (d > max || d > bestDistance) continue;
    if (d < bestDistance) {
      best = entry;
      bestDistance = d;
      tie = false;
    } else if (best?.id !== entry.id) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

/** "x" is the X service only as a word of its own, not in "2x" or "x 3". */
function standaloneX(tokens: Token[], i: number): boolean {
  return !tokens[i]!.glued && !tokens[i - 1]?.numeric && !tokens[i + 1]?.numeric;
}

/** "D.I. Khan", "P.T.C.L": single letters (not the words "a" and "u") before at most one word. */
const initials = (run: Token[]) => run.slice(0, -1).every((t) => /^[b-tv-z]$/.test(t.key));

/** Longest runs first, so "dera ghazi khan" is one district and "jazz cash" is not Jazz. */
export function exactMatches(tokens: Token[], used: boolean[]): Match[] {
  const { entries } = getLexicon();
  const isFiller = (t: Token) => entries.get(t.key)?.effect.filler === true;
  const matches: Match[] = [];
  for (let n = Math.min(MAX_NGRAM, tokens.length); n >= 1; n--) {
    for (let i = 0; i + n <= tokens.length; i++) {
      if (used.slice(i, i + n).some(Boolean)) continue;
      const run = tokens.slice(i, i + n);
      let entry = entries.get(run.map((t) => t.key).join(" "));
      // "whats app", "p t c l", "d i khan": words run together, unless a filler
      // is among them ("a store" is not Astore) or they are initials.
      if (!entry && n > 1 && (initials(run) || !run.some(isFiller))) entry = entries.get(run.map((t) => t.key).join(""));
      if (!entry) continue;
      if (entry.effect.service === "x" && n === 1 && !standaloneX(tokens, i)) continue;
      for (let k = i; k < i + n; k++) used[k] = true;
      matches.push({ start: i, effect: entry.effect, weak: entry.weak, broad: entry.broad });
    }
  }
  return matches;
}

const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/** Typos, for words left over: "whatsap", "karachii", "dera gazi khan". Names only. */
export function fuzzyMatches(tokens: Token[], used: boolean[]): Match[] {
  const matches: Match[] = [];
  for (let n = Math.min(3, tokens.length); n >= 1; n--) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const run = tokens.slice(i, i + n);
      if (used.slice(i, i + n).some(Boolean) || run.some((t) => t.numeric)) continue;
      const word = run.map((t) => t.key).join("");
      // Urdu script writes no short vowels, so its short words sit closer
      // together: کبھی (ever) is one letter from کچھی, سوال (question) from سوات.
      if (word.length < (ARABIC_SCRIPT.test(word) ? 5 : 4)) continue;
      const entry = fuzzyLookup(word);
      if (!entry) continue;
      for (let k = i; k < i + n; k++) used[k] = true;
      matches.push({ start: i, effect: entry.effect, weak: entry.weak, broad: entry.broad });
    }
  }
  return matches;
}

export type Analysis = { matches: Match[]; sinceHours: number | undefined; unknownWords: string[] };

export function analyse(tokens: Token[]): Analysis {
  const used = tokens.map(() => false);
  const sinceHours = readSince(tokens, used);
  const matches = [...exactMatches(tokens, used), ...fuzzyMatches(tokens, used)].sort((a, b) => a.start - b.start);
  const unknownWords = [...new Set(tokens.filter((t, i) => !used[i] && !t.numeric && [...t.raw].length > 1).map((t) => t.raw))];
  return { matches, sinceHours, unknownWords };
}

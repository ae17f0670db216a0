import { keyMap, keySet, type Token } from "./normalise";

// How long ago a disruption started: "5 din se", "2 ghante", "kal se".

/** Hours in one unit, for "5 din se", "2 ghante", "۳ دن". */
export const TIME_UNITS = keyMap<number>([
  ...("din dino dinon dinoo day days دن دنوں دنو".split(" ").map((w) => [w, 24]) as [string, number][]),
  ...("ghante ghanta ghantay ghanton ghantey ghnte ghnta hour hours hr hrs h گھنٹے گھنٹہ گھنٹوں گھنٹا".split(" ").map((w) => [w, 1]) as [string, number][]),
  ...("minute minutes mins min mint minat منٹ".split(" ").map((w) => [w, 1 / 60]) as [string, number][]),
  ...("hafta hafte haftay week weeks ہفتے ہفتہ ہفتوں".split(" ").map((w) => [w, 168]) as [string, number][]),
]);

const NUMBER_WORDS = keyMap<number>([
  ["ek", 1], ["aik", 1], ["one", 1], ["ایک", 1], ["dedh", 1.5], ["ڈیڑھ", 1.5],
  ["do", 2], ["two", 2], ["دو", 2], ["teen", 3], ["tin", 3], ["three", 3], ["تین", 3],
  ["char", 4], ["chaar", 4], ["four", 4], ["چار", 4], ["panch", 5], ["paanch", 5], ["five", 5], ["پانچ", 5],
  ["chay", 6], ["chhe", 6], ["six", 6], ["چھ", 6], ["saat", 7], ["seven", 7], ["سات", 7],
  ["aath", 8], ["eight", 8], ["آٹھ", 8], ["nau", 9], ["nine", 9], ["نو", 9], ["das", 10], ["ten", 10], ["دس", 10],
]);

/** "kal se", "since yesterday": a day. */
const YESTERDAY = keySet("kal yesterday کل");
const SINCE = keySet("se sy say since from سے");

/** "5 din se", "۲ گھنٹے", "kal se": how long ago it started, in hours. Consumes those words. */
export function readSince(tokens: Token[], used: boolean[]): number | undefined {
  let hours: number | undefined;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (used[i] || !next || used[i + 1]) return;
    const count = t.numeric ? Number(t.key) : NUMBER_WORDS.get(t.key);
    const unit = TIME_UNITS.get(next.key);
    if (count !== undefined && unit !== undefined) {
      hours ??= count * unit;
      used[i] = used[i + 1] = true;
    } else if (YESTERDAY.has(t.key) && SINCE.has(next.key)) {
      hours ??= 24;
      used[i] = used[i + 1] = true;
    } else if (SINCE.has(t.key) && next.key === "yesterday") {
      hours ??= 24;
      used[i] = used[i + 1] = true;
    }
  });
  return hours;
}

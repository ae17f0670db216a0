import { median } from "@/lib/detection/baseline";
import { DEFAULT_DETECTION, type DetectionConfig } from "@/lib/detection/detection-config";
import { makeScenario } from "@/lib/detection/evaluation/scenarios";
import { scoreScenario } from "@/lib/detection/evaluation/score";

// npm run eval:detection — precision, recall and median detection delay of
// the incident detector (lib/detection) on labelled synthetic scenarios, for
// the defaults and a few neighbouring settings. `--quick`: fewer scenarios.
// `--live`: the stored job stepped minute by minute on PGlite and PostgreSQL
// against a single pass (scripts/eval-detection-live.ts).
if (process.argv.includes("--live")) {
  await import("./eval-detection-live");
  process.exit(process.exitCode ?? 0);
}

const START = Date.UTC(2024, 9, 7); // a Monday, 05:00 PKT; any date would do
const BASES = [0.3, 1, 3, 10, 30];
const SEEDS = process.argv.includes("--quick") ? 6 : 24;

function evaluate(config: DetectionConfig) {
  let episodes = 0;
  let outages = 0;
  let found = 0;
  const delays: number[] = [];
  const decoyAlarms: Record<string, number> = {};
  for (let seed = 1; seed <= SEEDS; seed++) {
    for (const base of BASES) {
      const s = makeScenario(seed * 1000 + base * 10, base, START);
      const score = scoreScenario(s, config, START);
      episodes += score.episodes;
      outages += score.outages;
      found += score.found;
      delays.push(...score.delaysMs);
      for (const f of score.falseAlarms) decoyAlarms[f.decoy ?? "noise"] = (decoyAlarms[f.decoy ?? "noise"] ?? 0) + 1;
    }
  }
  const falseAlarms = Object.values(decoyAlarms).reduce((a, b) => a + b, 0);
  return {
    precision: episodes ? (episodes - falseAlarms) / episodes : 1,
    recall: outages ? found / outages : 1,
    medianDelayMin: delays.length ? median(delays) / 60_000 : NaN,
    episodes,
    outages,
    decoyAlarms,
  };
}

const variants: [string, Partial<DetectionConfig>][] = process.env.EVAL_GRID ? JSON.parse(process.env.EVAL_GRID) : [
  ["defaults", {}],
  ["minCount 5", { minCount: 5 }],
  ["minCount 12", { minCount: 12 }],
  ["bandScale 1", { bandScale: 1 }],
  ["bandScale 1.75", { bandScale: 1.75 }],
  ["bandScale 2", { bandScale: 2 }],
  ["bandScale 2.25", { bandScale: 2.25 }],
  ["bandScale 2.5", { bandScale: 2.5 }],
  ["minRatio 1.5", { minRatio: 1.5 }],
  ["sustain 5 min", { sustainMinutes: 5 }],
  ["sustain 15 min", { sustainMinutes: 15 }],
  ["window 30 min", { windowMinutes: 30 }],
];

console.log(`${SEEDS * BASES.length} scenarios (${SEEDS} seeds × typical levels ${BASES.join(", ")} reports per 5 min at the daily peak)`);
console.log(`defaults: ${JSON.stringify(DEFAULT_DETECTION)}\n`);
console.log("setting               precision  recall  median delay  episodes  outages  false alarms");
for (const [name, change] of variants) {
  const r = evaluate({ ...DEFAULT_DETECTION, ...change });
  const alarms = Object.entries(r.decoyAlarms).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  console.log(
    `${name.padEnd(20)}  ${r.precision.toFixed(3).padStart(9)}  ${r.recall.toFixed(3).padStart(6)}  ${r.medianDelayMin.toFixed(1).padStart(9)} min  ${String(r.episodes).padStart(8)}  ${String(r.outages).padStart(7)}  ${alarms}`,
  );
}

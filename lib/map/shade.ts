import { ELEVATED_MIN_COUNT, PROBLEM_MIN_COUNT, type StatusLevel } from "@/lib/detection/status";

/*
 * The choropleth's colour classes: an area's reports against its own
 * baseline (count ÷ typical), so a big city is not red merely for being big.
 *
 * The palette is ColorBrewer's sequential YlOrRd: lightness falls steadily
 * from class to class, so the order survives the common colour-vision
 * deficiencies and a greyscale print. Areas with reports but no baseline are
 * grey with a dashed outline (a shape cue as well as a colour); areas without
 * reports are left unfilled.
 *
 * A handful of reports can be many times a typical 0 or 1. So the status
 * rules (lib/detection/status.ts) cap the class, as they guard the status
 * lights: an area they call normal is at most "typical", one they call
 * elevated (which includes "above its range, but fewer than 10 reports") at
 * most "2–4×"; only a problem takes the darkest classes. Five reports where
 * one is usual reads ×5 in the tooltip and 2–4× on the map.
 */

export const SHADE_CLASSES = [
  { id: "below", min: 0, colour: "#ffffcc" },
  { id: "typical", min: 0.67, colour: "#ffeda0" },
  { id: "x1_5", min: 1.5, colour: "#feb24c" },
  { id: "x2", min: 2, colour: "#fd8d3c" },
  { id: "x4", min: 4, colour: "#e31a1c" },
  { id: "x8", min: 8, colour: "#800026" },
] as const;

export type ShadeClassId = (typeof SHADE_CLASSES)[number]["id"] | "no-baseline" | "none";

export const NO_BASELINE_COLOUR = "#bdbdbd";

const TYPICAL_INDEX = SHADE_CLASSES.findIndex((c) => c.id === "typical");
const ELEVATED_INDEX = SHADE_CLASSES.findIndex((c) => c.id === "x2");

/** The class of a ratio (count ÷ typical), ignoring status. */
function ratioClass(ratio: number): number {
  let index = 0;
  SHADE_CLASSES.forEach((c, i) => {
    if (ratio >= c.min) index = i;
  });
  return index;
}

/**
 * The colour class of an area. `ratio` null: no baseline. `level` (when
 * known) caps the class as above; without a level (replay steps) the status
 * rules' minimum counts do: under ELEVATED_MIN_COUNT reports at most
 * "typical", under PROBLEM_MIN_COUNT at most "2–4×".
 */
export function shadeClass(input: { count: number; ratio: number | null; level?: StatusLevel }): ShadeClassId {
  const { count, ratio, level } = input;
  if (ratio === null) return count > 0 ? "no-baseline" : "none";
  let index = ratioClass(ratio);
  const calm = level !== undefined ? level === "normal" || level === "unknown" : count < ELEVATED_MIN_COUNT;
  const elevated = level !== undefined ? level === "elevated" : count < PROBLEM_MIN_COUNT;
  if (calm) index = Math.min(index, TYPICAL_INDEX);
  else if (elevated) index = Math.min(index, ELEVATED_INDEX);
  return SHADE_CLASSES[index]!.id;
}

export function shadeColour(id: ShadeClassId): string | undefined {
  if (id === "none") return undefined;
  if (id === "no-baseline") return NO_BASELINE_COLOUR;
  return SHADE_CLASSES.find((c) => c.id === id)!.colour;
}

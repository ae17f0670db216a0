import { ELEVATED_MIN_COUNT, type StatusLevel } from "@/lib/detection/status";

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
 * A handful of reports can be many times a typical 0 or 1; such an area is
 * shaded above "typical" only when the status rules (lib/detection/status.ts)
 * call it elevated or a problem — the same guard the status lights use.
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

/** The class of a ratio (count ÷ typical), ignoring status. */
function ratioClass(ratio: number): number {
  let index = 0;
  SHADE_CLASSES.forEach((c, i) => {
    if (ratio >= c.min) index = i;
  });
  return index;
}

/**
 * The colour class of an area. `ratio` null: no baseline. `level` (when known)
 * caps an area the status rules call normal at "typical"; without a level
 * (replay steps), counts below ELEVATED_MIN_COUNT are capped the same way.
 */
export function shadeClass(input: { count: number; ratio: number | null; level?: StatusLevel }): ShadeClassId {
  const { count, ratio, level } = input;
  if (ratio === null) return count > 0 ? "no-baseline" : "none";
  let index = ratioClass(ratio);
  const calm = level !== undefined ? level === "normal" || level === "unknown" : count < ELEVATED_MIN_COUNT;
  if (calm) index = Math.min(index, TYPICAL_INDEX);
  return SHADE_CLASSES[index]!.id;
}

export function shadeColour(id: ShadeClassId): string | undefined {
  if (id === "none") return undefined;
  if (id === "no-baseline") return NO_BASELINE_COLOUR;
  return SHADE_CLASSES.find((c) => c.id === id)!.colour;
}

import type { MapAreaDatum, MapLabels } from "@/components/map/map-types";
import { statusRatio } from "@/lib/detection/status";
import type { ReplaySeries } from "@/lib/map/replay";
import { typicalPerStep } from "@/lib/map/replay";
import { shadeClass, shadeColour, type ShadeClassId } from "@/lib/map/shade";

// What one area shows at the current replay step (null: the whole window):
// its count, its ratio to typical, and the colour class that follows.

export type AreaValue = { datum: MapAreaDatum | undefined; count: number; ratio: number | null; shade: ShadeClassId };

export function areaValue(slug: string, datum: MapAreaDatum | undefined, replay: ReplaySeries | null, step: number | null): AreaValue {
  if (step === null || !replay) {
    const count = datum?.count ?? 0;
    const ratio = datum?.ratio ?? null;
    return { datum, count, ratio, shade: datum ? shadeClass({ count, ratio, level: datum.level }) : "none" };
  }
  const count = replay.counts[slug]?.[step] ?? 0;
  const ratio = datum && datum.ratio !== null ? statusRatio(count, typicalPerStep(datum.expected, replay.starts.length)) : null;
  return { datum, count, ratio, shade: shadeClass({ count, ratio: count > 0 || ratio !== null ? ratio : null }) };
}

export const fillOf = (v: AreaValue) => shadeColour(v.shade);

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The hover / tap card of an area, as HTML for Leaflet's tooltip (every value escaped). */
export function tooltipHtml(name: string, v: AreaValue, labels: MapLabels, number: Intl.NumberFormat, stepLabel: string | null): string {
  const rows: string[] = [`<strong>${escape(name)}</strong>`];
  rows.push(`${escape(stepLabel ? labels.inStep.replace("{time}", stepLabel) : labels.reports)}: <b data-field="count">${escape(number.format(v.count))}</b>`);
  if (v.ratio !== null) {
    rows.push(`${escape(labels.ratio)}: <b data-field="ratio">×${escape(number.format(Math.round(v.ratio * 10) / 10))}</b>`);
  } else if (v.count > 0) {
    rows.push(`<span data-field="ratio">${escape(labels.noBaseline)}</span>`);
  }
  if (v.datum?.topService) rows.push(`${escape(labels.topService)}: ${escape(v.datum.topService)}`);
  if (v.datum?.topIsp) rows.push(`${escape(labels.topIsp)}: ${escape(v.datum.topIsp)}`);
  return rows.join("<br>");
}

// The card's little chart: reports per hour as bars over the typical band,
// drawn like the full timeline (components/charts/timeline-chart.tsx) but as
// three SVG paths the card writes inline — no chart library, no script.

export type SparkPoint = {
  count: number;
  /** The typical count for this hour; 0 without a baseline. */
  expected: number;
  /** The band's top; null without a baseline (then no band is drawn there). */
  upper: number | null;
};

export type Sparkline = {
  /** Whole hours' bars, one path. */
  bars: string;
  /** The hour still under way: drawn apart (lighter), since it is still filling and would read as a fall. */
  partial: string;
  /** Expected to upper, hour by hour. */
  band: string;
  /** The typical count, a step line. */
  typical: string;
  /** The count the chart's top stands for. */
  max: number;
};

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Paths for `points` (oldest first) in a `width` × `height` box; the last
 * point is the hour under way when `lastPartial`. The scale's top is the
 * largest count or band top, at least 1, so a quiet day stays flat at the
 * bottom instead of magnifying a single report.
 */
export function sparkline(points: readonly SparkPoint[], box: { width: number; height: number }, lastPartial = true): Sparkline {
  const max = Math.max(1, ...points.map((p) => Math.max(p.count, p.upper ?? 0)));
  const slot = points.length ? box.width / points.length : box.width;
  const y = (v: number) => r1(box.height - (v / max) * (box.height - 1));
  const bars: string[] = [];
  const band: string[] = [];
  const typical: string[] = [];
  let partial = "";
  points.forEach((p, i) => {
    const x = i * slot;
    if (p.count > 0) {
      const bar = `M${r1(x + slot * 0.15)} ${box.height}V${y(p.count)}H${r1(x + slot * 0.85)}V${box.height}Z`;
      if (lastPartial && i === points.length - 1) partial = bar;
      else bars.push(bar);
    }
    if (p.upper !== null) {
      band.push(`M${r1(x)} ${y(p.expected)}V${y(p.upper)}H${r1(x + slot)}V${y(p.expected)}Z`);
      typical.push(`M${r1(x)} ${y(p.expected)}H${r1(x + slot)}`);
    }
  });
  return { bars: bars.join(""), partial, band: band.join(""), typical: typical.join(""), max };
}

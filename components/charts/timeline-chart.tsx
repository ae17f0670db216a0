"use client";

import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SHOWN_SERIES, timelineColumns } from "@/components/charts/timeline-columns";

// Okabe–Ito: readable with the common colour-vision deficiencies and in print;
// one colour per shown series and the last for "Other".
const PALETTE = ["#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"].slice(0, SHOWN_SERIES + 1);

export type TimelineChartProps = {
  series: { key: string; label: string; points: { t: string; count: number }[] }[];
  baseline: { t: string; expected: number; upper: number | null }[];
  locale: string;
  timeZone: string;
  bucket: "5m" | "1h" | "1d";
  labels: { name: string; reports: string; typical: string; upper: string; other: string };
  height?: number;
  /** A measured signal on the same time axis, as % of its usual level (right axis), e.g. IODA's active probing for a network. */
  overlay?: { label: string; points: { t: string; percent: number }[] } | null;
};

/** Reports per bucket (stacked when grouped) over the typical-volume band. Dumb: plain data in. */
export function TimelineChart({ series, baseline, locale, timeZone, bucket, labels, height = 280, overlay = null }: TimelineChartProps) {
  const intlLocale = locale === "ur" ? "ur-PK" : "en-GB";
  const tick = new Intl.DateTimeFormat(intlLocale, bucket === "1d" ? { timeZone, day: "numeric", month: "short" } : { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const full = new Intl.DateTimeFormat(intlLocale, { timeZone, dateStyle: "medium", timeStyle: bucket === "1d" ? undefined : "short", hourCycle: "h23" });
  const number = new Intl.NumberFormat(intlLocale);
  const keys = timelineColumns(series, labels.other);
  const base = new Map(baseline.map((b) => [b.t, b]));
  const data = (series[0]?.points ?? []).map((p, i) => {
    const row: Record<string, number | string | [number, number] | null> = { t: p.t };
    for (const k of keys) row[k.key] = k.counts[i] ?? 0;
    const b = base.get(p.t);
    row.expected = b ? b.expected : null;
    row.band = b && b.upper !== null ? [b.expected, b.upper] : null;
    return row;
  });
  if (overlay) {
    // Each bucket gets the mean of the signal's points that start in it.
    const starts = data.map((row) => Date.parse(String(row.t)));
    const sums = new Map<number, { sum: number; n: number }>();
    for (const p of overlay.points) {
      const at = Date.parse(p.t);
      let i = starts.length - 1;
      while (i >= 0 && starts[i]! > at) i--;
      if (i < 0) continue;
      const cell = sums.get(i) ?? { sum: 0, n: 0 };
      sums.set(i, { sum: cell.sum + p.percent, n: cell.n + 1 });
    }
    data.forEach((row, i) => {
      const cell = sums.get(i);
      row.signal = cell ? Math.round((cell.sum / cell.n) * 10) / 10 : null;
    });
  }
  const stacked = keys.length > 1;
  return (
    <div className="chart" dir="ltr" role="figure" aria-label={labels.name}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e3e3e3" />
          <XAxis dataKey="t" tickFormatter={(t: string) => tick.format(new Date(t))} minTickGap={28} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12 }} tickFormatter={(v: number) => number.format(v)} />
          {overlay ? <YAxis yAxisId="signal" orientation="right" domain={[0, 150]} width={44} tick={{ fontSize: 12 }} tickFormatter={(v: number) => `${number.format(v)}%`} /> : null}
          <Tooltip
            labelFormatter={(t) => full.format(new Date(String(t)))}
            formatter={(value, name) => {
              if (Array.isArray(value)) return [`${number.format(Math.round(Number(value[0])))}–${number.format(Math.round(Number(value[1])))}`, labels.upper];
              if (overlay && name === overlay.label) return [`${number.format(Number(value))}%`, String(name)];
              return [number.format(Math.round(Number(value) * 10) / 10), String(name)];
            }}
          />
          <Area dataKey="band" name={labels.upper} stroke="none" fill="#8a8a8a" fillOpacity={0.22} isAnimationActive={false} connectNulls={false} />
          {keys.map((k, i) => (
            <Bar key={k.key} dataKey={k.key} name={stacked ? k.label : labels.reports} stackId="reports" fill={stacked ? PALETTE[i] : "#b3261e"} isAnimationActive={false} />
          ))}
          <Line dataKey="expected" name={labels.typical} stroke="#333" strokeDasharray="4 3" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          {overlay ? (
            <Line yAxisId="signal" dataKey="signal" name={overlay.label} stroke="#0072B2" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          ) : null}
          {/* Legend text in ink: in the series' own colours the yellow and sky blue fail contrast; the swatch carries the colour. */}
          {stacked || overlay ? <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value) => <span style={{ color: "#1b1b1b" }}>{value}</span>} /> : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

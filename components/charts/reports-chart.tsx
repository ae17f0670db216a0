"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type ChartPoint = { t: string; count: number };

/** Reports per bucket as bars. Dumb: takes the points and labels, fetches nothing. */
export function ReportsChart({
  points,
  locale,
  timeZone,
  countLabel,
  height = 260,
}: {
  points: ChartPoint[];
  locale: string;
  timeZone: string;
  countLabel: string;
  height?: number;
}) {
  const hour = new Intl.DateTimeFormat(locale === "ur" ? "ur-PK" : "en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const full = new Intl.DateTimeFormat(locale === "ur" ? "ur-PK" : "en-GB", { timeZone, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });
  const number = new Intl.NumberFormat(locale === "ur" ? "ur-PK" : "en-GB");
  return (
    <div className="chart" dir="ltr">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e3e3e3" />
          <XAxis dataKey="t" tickFormatter={(t: string) => hour.format(new Date(t))} minTickGap={24} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={44} tick={{ fontSize: 12 }} tickFormatter={(v: number) => number.format(v)} />
          <Tooltip
            labelFormatter={(t) => full.format(new Date(String(t)))}
            formatter={(v) => [number.format(Number(v)), countLabel]}
            cursor={{ fill: "rgba(0,0,0,0.06)" }}
          />
          <Bar dataKey="count" name={countLabel} fill="#b3261e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

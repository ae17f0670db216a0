import { getFormatter } from "next-intl/server";
import { timelineColumns, type SeriesIn } from "@/components/charts/timeline-columns";

type Labels = { caption: string; time: string; reports: string; total: string; typical: string; upper: string; other: string };

/**
 * The timeline chart's text alternative: the same figures, one row per
 * bucket, with a column per series the chart stacks (as the chart groups them).
 */
export async function TimelineTable({ series, baseline, timeZone, bucket, labels }: {
  series: SeriesIn[];
  baseline: { t: string; expected: number; upper: number | null }[];
  timeZone: string;
  bucket: "5m" | "1h" | "1d";
  labels: Labels;
}) {
  const format = await getFormatter();
  const columns = timelineColumns(series, labels.other);
  const grouped = columns.length > 1;
  const byTime = new Map(baseline.map((b) => [b.t, b]));
  const timeFormat = bucket === "1d" ? ({ dateStyle: "medium", timeZone } as const) : ({ dateStyle: "medium", timeStyle: "short", timeZone } as const);
  return (
    // Grouped, the table is wider than a phone: the scrolling box takes focus so a keyboard can scroll it.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={labels.caption}>
      <table className="data-table">
        <caption className="visually-hidden">{labels.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.time}</th>
            {grouped ? columns.map((c) => <th scope="col" key={c.key}>{c.label}</th>) : null}
            <th scope="col">{grouped ? labels.total : labels.reports}</th>
            <th scope="col">{labels.typical}</th>
            <th scope="col">{labels.upper}</th>
          </tr>
        </thead>
        <tbody>
          {(series[0]?.points ?? []).map((p, i) => {
            const b = byTime.get(p.t);
            const total = columns.reduce((n, c) => n + (c.counts[i] ?? 0), 0);
            return (
              <tr key={p.t}>
                <th scope="row">{format.dateTime(new Date(p.t), timeFormat)}</th>
                {grouped ? columns.map((c) => <td key={c.key}>{format.number(c.counts[i] ?? 0)}</td>) : null}
                <td>{format.number(total)}</td>
                <td>{b ? format.number(b.expected, { maximumFractionDigits: 1 }) : "–"}</td>
                <td>{b?.upper != null ? format.number(b.upper, { maximumFractionDigits: 1 }) : "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

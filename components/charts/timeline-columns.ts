export type SeriesIn = { key: string; label: string; points: { t: string; count: number }[] };
export type Column = { key: string; label: string; counts: number[] };

/** Series the chart draws in their own colour; the rest are summed as "Other". */
export const SHOWN_SERIES = 7;

/**
 * The columns of a timeline, as the chart stacks them and as its table lists
 * them: one per series up to SHOWN_SERIES, then one "Other" for the rest.
 * Shared so the chart and its text alternative never disagree.
 */
export function timelineColumns(series: SeriesIn[], otherLabel: string): Column[] {
  const length = series[0]?.points.length ?? 0;
  const countsOf = (group: SeriesIn[]) => Array.from({ length }, (_, i) => group.reduce((n, s) => n + (s.points[i]?.count ?? 0), 0));
  const shown = series.slice(0, SHOWN_SERIES).map((s) => ({ key: s.key, label: s.label, counts: countsOf([s]) }));
  const rest = series.slice(SHOWN_SERIES);
  return rest.length ? [...shown, { key: "__other", label: otherLabel, counts: countsOf(rest) }] : shown;
}

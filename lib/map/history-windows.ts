import { DAY_MS, FALLBACK_DAYS, WEEKS, WEEK_MS } from "@/lib/detection/baseline";
import { ROLLUP_BUCKET_MS } from "@/lib/reports/buckets";

/*
 * The windows a map's count is compared with (its baseline), the way
 * db/queries/status.ts compares the last hour: the same window shifted back
 * 1..4 periods, and for windows of at most a day also 1..6 days back (the
 * daily fallback of lib/detection/baseline.ts).
 *
 * A period is a whole number of weeks, so the weekly rhythm lines up, and at
 * least as long as the window, so no history window overlaps the current one
 * or another: a 24 h or 7 d map looks 1–4 weeks back, a 30 d map 5, 10, 15
 * and 20 weeks back. The window's first rollup bucket may start up to 5
 * minutes before `from` (a read takes the whole bucket `from` falls in), which is why
 * that much is allowed for before rounding up to the next week.
 */

export type TimeRange = { from: number; to: number };

export function historyWindows(window: TimeRange): { weekly: TimeRange[]; daily: TimeRange[] } {
  const length = window.to - window.from;
  if (!(length > 0)) throw new RangeError("historyWindows: the window must not be empty");
  const period = WEEK_MS * Math.max(1, Math.ceil((length - ROLLUP_BUCKET_MS) / WEEK_MS));
  const shift = (offset: number): TimeRange => ({ from: window.from - offset, to: window.to - offset });
  const weekly = Array.from({ length: WEEKS }, (_, i) => shift((i + 1) * period));
  const daily = length <= DAY_MS + ROLLUP_BUCKET_MS ? Array.from({ length: FALLBACK_DAYS }, (_, i) => shift((i + 1) * DAY_MS)) : [];
  return { weekly, daily };
}

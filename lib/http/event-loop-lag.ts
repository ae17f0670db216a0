import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/*
 * How late the server's event loop runs, for /api/health: a loop held by a
 * long synchronous task (a query on the embedded database, a render) delays
 * every request, and a loop that never yields freezes the server. Measured
 * by Node's own sampler over windows of WINDOW_MS; the health answer gives
 * the last complete window, so a monitor polling it sees a stall as it
 * happens (or, if it is total, sees no answer at all).
 */
const WINDOW_MS = 10_000;

export type EventLoopLag = { p50Ms: number; p99Ms: number; maxMs: number; windowSeconds: number };

type Monitor = { histogram: IntervalHistogram; last: EventLoopLag | undefined };
const KEY = Symbol.for("disruption-watch.event-loop-lag");
type WithMonitor = typeof globalThis & { [KEY]?: Monitor };

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

function read(histogram: IntervalHistogram, seconds: number): EventLoopLag {
  if (histogram.count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0, windowSeconds: seconds };
  return { p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), windowSeconds: seconds };
}

/** Starts measuring (once per process; the server entry calls it at start-up). */
export function startEventLoopMonitor(): void {
  const g = globalThis as WithMonitor;
  if (g[KEY]) return;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const monitor: Monitor = { histogram, last: undefined };
  g[KEY] = monitor;
  setInterval(() => {
    monitor.last = read(histogram, WINDOW_MS / 1000);
    histogram.reset();
  }, WINDOW_MS).unref();
}

/** The last complete window's delays, or the current one's before the first window ends; undefined when not measured. */
export function eventLoopLag(): EventLoopLag | undefined {
  const monitor = (globalThis as WithMonitor)[KEY];
  if (!monitor) return undefined;
  return monitor.last ?? read(monitor.histogram, 0);
}

// The quick measurement a reporter may attach to a report (see
// components/report/connection-measure.ts for how the browser takes it).
// Shared by the form and the server's validation; no reference data here, so
// the browser can import it without the services list.

/** One reach test: did `https://domain/` answer, and after how many milliseconds (or when it was given up). */
export type Probe = { domain: string; ok: boolean; ms: number };

export const MAX_PROBES = 10;
export const MAX_PROBE_MS = 60_000;
/** The measurement file's size: big enough to time on 2G, small enough not to cost a reporter much. */
export const DOWNLOAD_BYTES = 100_000;
export const DOWNLOAD_TIMEOUT_MS = 20_000;
export const PROBE_TIMEOUT_MS = 5_000;
/** Under this many bytes the rate says more about timers than about the connection. */
const MIN_BYTES = 8_000;

/** Kilobits per second for `bytes` in `ms` milliseconds (bits per millisecond), or null when too little arrived. */
export function kbpsOf(bytes: number, ms: number): number | null {
  if (bytes < MIN_BYTES || !(ms > 0)) return null;
  return Math.max(1, Math.round((bytes * 8) / ms));
}

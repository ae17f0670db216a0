import { kbpsOf, type Probe } from "@/lib/reports/probes";

// What a browser can honestly measure, loaded only when the reporter asks
// (components/report/connection-check.tsx). Two figures:
// - the download rate of a fixed file from this app's own server (a rough
//   figure for this one connection at this moment: one file, one server);
// - for each domain, whether a request reached it and how long that took.
//   The request is cross-origin without CORS, so its answer is opaque: the
//   browser tells us it came, nothing more — not the status, not whether it
//   was a block page. "Not reachable" means no answer in time or a refused,
//   unresolved or broken connection.

export type Download = { kbps: number | null; bytes: number; ms: number };

/** Reads the app's measurement file, stopping at `timeoutMs` with what arrived by then. */
export async function measureDownload(url: string, timeoutMs: number): Promise<Download> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  let firstByte = 0;
  let bytes = 0;
  try {
    const response = await fetch(`${url}?t=${Date.now()}`, { cache: "no-store", signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`status ${response.status}`);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // The rate counts from the first byte: the round trip before it is latency, not speed.
      if (bytes === 0) firstByte = performance.now();
      bytes += value.byteLength;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  const end = performance.now();
  return { kbps: kbpsOf(bytes, end - (firstByte || started)), bytes, ms: Math.round(end - started) };
}

/** Whether `https://domain/` answered within `timeoutMs`, and after how long. */
export async function probeDomain(domain: string, timeoutMs: number): Promise<Probe> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  let ok = false;
  try {
    await fetch(`https://${domain}/favicon.ico?t=${Date.now()}`, { mode: "no-cors", cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer", signal: controller.signal });
    ok = true;
  } catch {
    ok = false;
  } finally {
    clearTimeout(timer);
  }
  return { domain, ok, ms: Math.min(Math.round(performance.now() - started), timeoutMs) };
}

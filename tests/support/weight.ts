import type { Page } from "@playwright/test";

// What a page costs on first load, in bytes (deterministic, unlike time):
// shared by `npm run bench:weight`, which adds the time on an emulated slow
// connection, and the byte budgets in `npm test` (tests/e2e/weight.spec.ts).

// Strings only the chart and map libraries ship (their class names).
const HEAVY = { charts: /recharts-(surface|wrapper)/, map: /leaflet-(container|pane)/ };

export type Bytes = {
  /** Compressed bodies of JavaScript files. */
  js: number;
  css: number;
  /** Fonts as served (woff2). */
  font: number;
  /** Everything that crossed the wire: every response with its headers. */
  total: number;
  requests: number;
  /** Which heavy libraries the page's scripts carry. */
  heavy: string[];
};

/** The page's bytes so far, from Resource Timing (call after the load settles). */
export async function pageBytes(page: Page): Promise<Bytes & { scriptEnds: { start: number; end: number }[] }> {
  // transferSize is what crossed the wire (headers and compressed body), encodedBodySize the compressed body alone.
  const entries = await page.evaluate(() =>
    [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((e) => {
      const r = e as PerformanceResourceTiming;
      return { url: r.name, transfer: r.transferSize, body: r.encodedBodySize, start: r.startTime, end: r.responseEnd };
    }),
  );
  const bytes = { js: 0, css: 0, font: 0, total: 0, requests: entries.length, heavy: [] as string[], scriptEnds: [] as { start: number; end: number }[] };
  for (const e of entries) {
    bytes.total += e.transfer;
    const path = new URL(e.url).pathname;
    if (path.endsWith(".css")) bytes.css += e.body;
    if (/\.woff2?$/.test(path)) bytes.font += e.body;
    if (!path.endsWith(".js")) continue;
    bytes.js += e.body;
    bytes.scriptEnds.push({ start: e.start, end: e.end });
    const text = await (await page.request.get(e.url)).text();
    for (const [name, pattern] of Object.entries(HEAVY)) if (pattern.test(text) && !bytes.heavy.includes(name)) bytes.heavy.push(name);
  }
  return bytes;
}

/** The byte budgets (issue #7's goals): what a reporter on a bad connection may be asked to download. */
export const BYTE_BUDGETS: { path: string; what: string; ok: (b: Bytes) => boolean }[] = [
  ...["/lite", "/ur/lite"].flatMap((path) => [
    { path, what: "total ≤ 30 kB", ok: (b: Bytes) => b.total <= 30_000 },
    { path, what: "no JavaScript file", ok: (b: Bytes) => b.js === 0 },
  ]),
  ...["/report", "/ur/report"].flatMap((path) => [
    { path, what: "JS ≤ 160 kB", ok: (b: Bytes) => b.js <= 160_000 },
    { path, what: "total ≤ 300 kB", ok: (b: Bytes) => b.total <= 300_000 },
    { path, what: "loads no chart or map library", ok: (b: Bytes) => b.heavy.length === 0 },
  ]),
];

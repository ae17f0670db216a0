import { count } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/reports/route";
import { GET as getTimeline } from "@/app/api/v1/timeline/route";
import { GET as getBreakdown } from "@/app/api/v1/breakdown/route";
import { GET as getMap } from "@/app/api/v1/map/route";
import { GET as getAreaHours } from "@/app/api/v1/area-hours/route";
import { reports } from "@/db/schema";
import { DISTRICTS, ISPS, PROVINCES, SERVICES } from "@/lib/reference";
import { CONNECTIONS, PROBLEMS, REPORT_STATUSES } from "@/lib/reports/vocabulary";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";

// Property-based: thousands of generated bad and borderline bodies, headers
// and query strings against the report API and the read APIs, in process on a
// real database. Every answer is a 4xx or a correct 2xx — never a 500 — and
// the counted totals grow by exactly the reports answered "counted".
// `npm run test:fuzz` runs 10,000 cases per property; `npm test` a few hundred.
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
// Ten thousand cases take minutes on a busy two-core machine.
const TIMEOUT_MS = Math.max(60_000, RUNS * 60);

const NOW = Date.now();
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const H = 3600_000;

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const districtSlug = pick(DISTRICTS.map((d) => d.slug));

// Values that sit on or just past an edge, or are simply the wrong kind.
const nasty = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, "", " ", "\u0000", "ﷺ", "🙂", "<script>", "' or 1=1 --", "__proto__", "NaN", "Infinity", "sindh", "karachi-south"),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(iso(2 * H), iso(60_000), iso(0), iso(-72 * H + 60_000), iso(-72 * H - 60_000), "2024-11-21 07:10", "2024-02-30T00:00:00Z", "9999-12-31T23:59:59Z"),
  fc.constantFrom({ lat: 24.86, lon: 67.01 }, { lat: 91, lon: 0 }, { lat: "24", lon: 67 }, { lat: 31.52, lon: 74.35 }, { lat: 24.86 }, [24.86, 67.01]),
  fc.constantFrom("x".repeat(500), "x".repeat(501), "P".repeat(40), "P".repeat(41), 10_000_000, 10_000_001, 1.5),
  fc.jsonValue({ maxDepth: 2 }),
);

const validBody = fc.record(
  {
    area: districtSlug,
    isp: pick(ISPS.map((i) => i.slug)),
    connection: pick(CONNECTIONS),
    service: pick(SERVICES.map((s) => s.slug)),
    problem: pick(PROBLEMS),
    observedAt: fc.integer({ min: -71 * H, max: 0 }).map(iso),
    speedKbps: fc.integer({ min: 0, max: 10_000_000 }),
    comment: fc.string({ maxLength: 500 }),
    viaVpn: fc.boolean(),
    complaintRef: fc.string({ maxLength: 40 }),
    clientReportId: fc.uuid({ version: 4 }),
  },
  { requiredKeys: ["area", "isp", "connection", "service", "problem"] },
);

const FIELDS = ["area", "isp", "connection", "service", "problem", "observedAt", "location", "speedKbps", "comment", "viaVpn", "complaintRef", "clientReportId", "extra"];

const body = fc.oneof(
  { weight: 3, arbitrary: validBody.map((b) => JSON.stringify(b)) },
  // A valid report with one or two fields spoiled, dropped or added.
  {
    weight: 5,
    arbitrary: fc
      .tuple(validBody, fc.array(fc.tuple(pick(FIELDS), fc.option(nasty, { nil: undefined })), { minLength: 1, maxLength: 2 }))
      .map(([b, changes]) => JSON.stringify(Object.fromEntries([...Object.entries(b), ...changes]))),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 16 * 1024 - 200, max: 16 * 1024 + 200 }).map((n) => JSON.stringify({ area: "lahore", comment: "x".repeat(n) })) },
);

const headers = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "application/json; charset=utf-8", "application/ld+json", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded", "", "application/jsonx", "multipart/form-data; boundary=x"),
    "x-forwarded-for": fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom("", ",", "unknown", "1.2.3.4, 5.6.7.8", " , ,"),
      fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    ),
    "x-report-source": fc.constantFrom("offline", "web", "api", "import", "OFFLINE", ""),
    "content-length": fc.constantFrom("0", "1", "16384", "99999999", "-1", "abc"),
    "idempotency-key": fc.uuid(),
  },
  { requiredKeys: [] },
);

const READ_PARAMS: Record<string, fc.Arbitrary<string>> = {
  from: fc.oneof(fc.constantFrom(iso(-24 * H), iso(-400 * 24 * H), iso(-401 * 24 * H), iso(H), "yesterday", "2024-11-21", "2024-11-21T07:00:00+05:00"), fc.string({ maxLength: 30 })),
  to: fc.oneof(fc.constantFrom(iso(0), iso(-25 * H), iso(24 * H), "2024-13-01T00:00:00Z"), fc.string({ maxLength: 30 })),
  area: fc.oneof(districtSlug, pick(PROVINCES.map((p) => p.slug)), fc.constantFrom("atlantis", "lahore,karachi-south", ",,,", "")),
  isp: fc.oneof(pick(ISPS.map((i) => i.slug)), fc.string({ maxLength: 20 })),
  service: fc.oneof(pick(SERVICES.map((s) => s.slug)), fc.string({ maxLength: 20 })),
  connection: fc.constantFrom("mobile", "fixed", "wifi", "", "mobile,fixed"),
  problem: fc.oneof(pick(PROBLEMS), fc.constantFrom("aliens", "")),
  bucket: fc.constantFrom("5m", "1h", "1d", "2m", "", "1H"),
  groupBy: fc.constantFrom("service", "isp", "area", "connection", "problem", "colour", ""),
  dimension: fc.constantFrom("service", "isp", "area", "connection", "problem", "colour", ""),
  level: fc.constantFrom("province", "district", "points", "city", ""),
  format: fc.constantFrom("json", "csv", "xml", ""),
};

const query = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...Object.keys(READ_PARAMS)).chain((k) => READ_PARAMS[k]!.map((v) => [k, v] as const)), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs as [string, string][]).toString()) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((s) => encodeURI(s).replace(/#/g, "%23")) },
);

const READS = {
  timeline: getTimeline,
  breakdown: getBreakdown,
  map: getMap,
  "area-hours": getAreaHours,
} as const;

describe.each(DRIVERS)("fuzzing the APIs on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
  });
  afterAll(async () => t?.drop());

  // A window to the millisecond, so never answered from the read cache.
  const countedTotal = async () => {
    const res = await getBreakdown(new Request(`http://localhost/api/v1/breakdown?dimension=connection&from=${iso(-80 * H)}&to=${new Date(Date.now() + 10 * 60_000 + Math.random() * 1000).toISOString()}`));
    expect(res.status).toBe(200);
    return ((await res.json()) as { count: number }[]).reduce((n, r) => n + r.count, 0);
  };
  const storedRows = async () => Number((await t.handle.db.select({ n: count() }).from(reports))[0]?.n ?? 0);

  it(`answers ${RUNS} generated report requests with a 4xx or a correct 2xx, and counts only the valid ones`, async () => {
    const countedBefore = await countedTotal();
    const rowsBefore = await storedRows();
    let counted = 0;
    let created = 0;
    await fc.assert(
      fc.asyncProperty(body, headers, async (text, head) => {
        let request: Request;
        try {
          request = new Request("http://localhost/api/v1/reports", { method: "POST", headers: head, body: text });
        } catch {
          return; // a header value the platform itself refuses to send
        }
        const res = await POST(request);
        expect(res.status, `${res.status} for ${text.slice(0, 200)} ${JSON.stringify(head)}`).toBeLessThan(500);
        const answer = (await res.json()) as Record<string, unknown>;
        if (res.status === 201) {
          created++;
          expect(answer).toMatchObject({ id: expect.any(Number), receivedAt: expect.any(String), nearby: expect.any(Number), replayed: false, counted: expect.any(Boolean) });
          expect(REPORT_STATUSES).toContain(answer.status);
          expect(answer.counted).toBe(answer.status === "counted");
          if (answer.counted) counted++;
        } else if (res.status === 200) {
          expect(answer.replayed).toBe(true);
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          const error = answer.error as { code: string; message: string };
          expect(error.code).toEqual(expect.any(String));
          expect(error.message.length).toBeGreaterThan(0);
          if (res.status === 429 || res.status === 503) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
    expect(created).toBeGreaterThan(0);
    expect(await storedRows()).toBe(rowsBefore + created);
    expect(await countedTotal()).toBe(countedBefore + counted);
  }, TIMEOUT_MS);

  it(`answers ${RUNS} generated read queries with a 4xx or a correct 2xx`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(READS) as (keyof typeof READS)[])), query, async (name, qs) => {
        const res = await READS[name](new Request(`http://localhost/api/v1/${name}?${qs}`));
        expect(res.status, `${res.status} for /api/v1/${name}?${qs}`).toBeLessThan(500);
        const text = await res.text();
        if (res.status === 200) {
          if ((res.headers.get("content-type") ?? "").includes("json")) expect(() => JSON.parse(text)).not.toThrow();
          else expect(res.headers.get("content-type")).toContain("text/csv");
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          const error = (JSON.parse(text) as { error: { code: string; field?: string } }).error;
          expect(error.code).toEqual(expect.any(String));
          if (res.status === 400) expect(error.field).toEqual(expect.any(String));
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});

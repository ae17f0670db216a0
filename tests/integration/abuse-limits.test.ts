import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/reports/route";
import { GET as getBreakdown } from "@/app/api/v1/breakdown/route";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { GroupCommit } from "@/db/ingest";
import { pruneRateLimits } from "@/db/jobs/prune-rate-limits";
import { runJobOnce } from "@/db/jobs/scheduler";
import { setRuntime } from "@/db/runtime";
import { rateLimitHits, refusals, reports } from "@/db/schema";
import { DEFAULT_LIMITS, type AbuseLimits } from "@/lib/abuse/limits";
import { RateLimitedError } from "@/lib/errors";
import { parseReport } from "@/lib/reports/report-schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, postReport, validReport } from "@/tests/support/reports";

type Created = { id: number; counted: boolean; status: string; replayed: boolean };

const valid = (over: Record<string, unknown> = {}) => {
  const parsed = parseReport(validReport(over));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.report;
};

describe.each(DRIVERS)("limits and abuse on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.drop());

  // An explicit window to the millisecond is a question never asked before,
  // so the answer is fresh rather than the 10-second shared copy.
  const countedTotal = async (service: string) => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 3600_000).toISOString();
    const res = await getBreakdown(getRequest(`/api/v1/breakdown?dimension=service&service=${service}&from=${from}&to=${to}`));
    return ((await res.json()) as { count: number }[]).reduce((n, r) => n + r.count, 0);
  };
  const storedFor = async (service: string) =>
    Number((await t.handle.db.select({ n: count() }).from(reports).where(eq(reports.service, service)))[0]?.n ?? 0);
  const statusesOf = async (service: string) =>
    t.handle.db.select({ status: reports.status, n: count() }).from(reports).where(eq(reports.service, service)).groupBy(reports.status);

  it("counts a second report of the same area and service from one client once, and says so", async () => {
    useRuntime(t);
    const from = { headers: { "x-forwarded-for": "198.51.100.10" } };
    const first = await POST(postReport(validReport({ service: "youtube" }), from));
    const second = await POST(postReport(validReport({ service: "youtube", problem: "slow" }), from));
    const otherClient = await POST(postReport(validReport({ service: "youtube" }), { headers: { "x-forwarded-for": "198.51.100.11" } }));
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(((await first.json()) as Created)).toMatchObject({ counted: true, status: "counted" });
    // Its nearby count does not take the reporter's own first report for someone else's.
    expect(((await second.json()) as Created)).toMatchObject({ counted: false, status: "duplicate", replayed: false, nearby: 0 });
    expect(((await otherClient.json()) as Created)).toMatchObject({ counted: true, status: "counted" });
    expect(await storedFor("youtube")).toBe(3);
    expect(await countedTotal("youtube")).toBe(2);
  });

  it("answers a replayed duplicate with its first status, and stores it once", async () => {
    useRuntime(t);
    const from = { headers: { "x-forwarded-for": "198.51.100.20" } };
    await POST(postReport(validReport({ service: "facebook" }), from));
    const clientReportId = randomUUID();
    const dup = (await (await POST(postReport(validReport({ service: "facebook", clientReportId }), from))).json()) as Created;
    const again = await POST(postReport(validReport({ service: "facebook", clientReportId }), from));
    expect(again.status).toBe(200);
    expect(((await again.json()) as Created)).toMatchObject({ id: dup.id, status: "duplicate", counted: false, replayed: true });
    expect(await storedFor("facebook")).toBe(2);
  });

  it("lets a burst from a handful of clients count no more than their hourly shares", async () => {
    useRuntime(t);
    const keys = ["k-flood-1", "k-flood-2", "k-flood-3"];
    const areas = ["karachi-south", "karachi-east", "lahore", "islamabad", "quetta", "peshawar", "multan", "hyderabad"];
    const ingest = t.runtime.ingest;
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => ingest.submit({ report: valid({ service: "instagram", area: areas[i % areas.length] }), source: "api", clientKey: keys[i % 3]! })),
    );
    const counted = results.filter((r) => r.status === "counted").length;
    expect(counted).toBe(keys.length * DEFAULT_LIMITS.floodPerServiceHour);
    expect(await storedFor("instagram")).toBe(120);
    expect(await countedTotal("instagram")).toBe(counted);
    const byStatus = Object.fromEntries((await statusesOf("instagram")).map((r) => [r.status, Number(r.n)]));
    expect(byStatus).toEqual({ counted, duplicate: expect.any(Number), rate_limited: expect.any(Number) });
    expect((byStatus.duplicate ?? 0) + (byStatus.rate_limited ?? 0)).toBe(120 - counted);
  });

  it("refuses a client past the minute's limit with 429 and Retry-After, stores nothing of it, and counts the refusal", async () => {
    const limits: AbuseLimits = { ...DEFAULT_LIMITS, perMinute: 5 };
    setRuntime({ ...t.runtime, ingest: new GroupCommit(t.handle.db, { limits, maxInFlight: 1 }) });
    try {
      let before = 0;
      let refusedBefore = 0;
      // Sequential, so no minute boundary can split them unnoticed: retry the
      // round if the clock minute turned over in the middle, from another
      // address (the new minute already holds some of the last round's hits).
      let answers: Response[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const minute = Math.floor(Date.now() / 60_000);
        const from = { headers: { "x-forwarded-for": `198.51.100.${30 + attempt}` } };
        before = await storedFor("tiktok");
        refusedBefore = await refusalCount(t, "rate_limit_minute");
        answers = [];
        for (let i = 0; i < 8; i++) answers.push(await POST(postReport(validReport({ service: "tiktok", area: "lahore" }), from)));
        if (Math.floor(Date.now() / 60_000) === minute) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const statuses = answers.map((r) => r.status);
      const refused = statuses.filter((s) => s === 429).length;
      expect(statuses.slice(0, 5).every((s) => s === 201)).toBe(true);
      expect(refused).toBe(3);
      const last = answers[7]!;
      const retryAfter = Number(last.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(((await last.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      expect(await storedFor("tiktok")).toBe(before + answers.length - refused);
      expect(await refusalCount(t, "rate_limit_minute")).toBe(refusedBefore + refused);
      // The refusals table holds no client key, only hour, reason and count.
      expect(Object.keys((await t.handle.db.select().from(refusals).limit(1))[0] ?? {}).sort()).toEqual(["count", "hour", "reason"]);
    } finally {
      useRuntime(t);
    }
  });

  it("shares the limit between two app instances on one database", async () => {
    const limits: AbuseLimits = { ...DEFAULT_LIMITS, perMinute: 1000, perDay: 6 };
    // Two instances: on PostgreSQL a second pool of its own; PGlite allows one
    // process per database, so there two ingest pipelines share the handle.
    const second: DatabaseHandle = t.url ? await openDatabase({ kind: "postgres", url: t.url, poolSize: 4 }) : t.handle;
    try {
      const a = new GroupCommit(t.handle.db, { limits, maxInFlight: 2 });
      const b = new GroupCommit(second.db, { limits, maxInFlight: 2 });
      const clientKey = `k-two-instances-${randomUUID()}`;
      const settled = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).submit({ report: valid({ service: "x", area: "quetta" }), source: "api", clientKey })),
      );
      const stored = settled.filter((s) => s.status === "fulfilled").length;
      const refused = settled.filter((s) => s.status === "rejected" && s.reason instanceof RateLimitedError);
      expect(stored).toBe(6);
      expect(refused).toHaveLength(4);
      expect((refused[0] as PromiseRejectedResult).reason.window).toBe("day");
      const [row] = await t.handle.db
        .select({ hits: rateLimitHits.hits })
        .from(rateLimitHits)
        .where(and(eq(rateLimitHits.clientKey, clientKey), eq(rateLimitHits.window, "day")));
      expect(row?.hits).toBe(10);
    } finally {
      if (second !== t.handle) await second.close();
    }
  });

  it("prunes rate-limit windows older than two days and keeps the rest", async () => {
    const now = new Date();
    await t.handle.db.insert(rateLimitHits).values([
      { clientKey: "k-old", window: "day", windowStart: new Date(now.getTime() - 3 * 86_400_000), hits: 3 },
      { clientKey: "k-new", window: "day", windowStart: new Date(now.getTime() - 86_400_000), hits: 3 },
    ]);
    expect(await runJobOnce(t.handle.db, pruneRateLimits, now)).toBe(true);
    expect(await runJobOnce(t.handle.db, pruneRateLimits, now)).toBe(true);
    const left = await t.handle.db.select({ k: rateLimitHits.clientKey }).from(rateLimitHits).where(sql`${rateLimitHits.clientKey} in ('k-old', 'k-new')`);
    expect(left.map((r) => r.k)).toEqual(["k-new"]);
  });
});

async function refusalCount(t: TestDatabase, reason: string): Promise<number> {
  const [row] = await t.handle.db.select({ n: sql<number>`coalesce(sum(${refusals.count}), 0)::int` }).from(refusals).where(eq(refusals.reason, reason));
  return Number(row?.n ?? 0);
}

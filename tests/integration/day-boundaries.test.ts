import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkInsertReports, rebuildRollup, type BulkReport } from "@/db/bulk-load";
import { getTimeline } from "@/db/queries/timeline";
import { parseFilters } from "@/lib/filters";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

// Reports either side of midnight in UTC and in Pakistan time (UTC+5, so local
// midnight is 19:00 UTC). Daily buckets follow the zone the viewer is shown.
const TIMES = ["2024-11-20T18:59:00Z", "2024-11-20T19:00:00Z", "2024-11-20T23:59:00Z", "2024-11-21T00:00:00Z", "2024-11-21T18:55:00Z"];

const report = (observedAt: string): BulkReport => ({
  receivedAt: new Date(observedAt),
  observedAt: new Date(observedAt),
  area: "lahore",
  isp: "zong",
  service: "whatsapp",
  connection: "mobile",
  problem: "media_fails",
  source: "import",
  clientKey: "k",
  idempotencyKey: randomUUID(),
});

describe.each(DRIVERS)("windows that cross midnight on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    await bulkInsertReports(t.handle.db, TIMES.map(report));
    await rebuildRollup(t.handle.db);
  });
  afterAll(async () => t?.drop());

  const counts = async (bucket: "1h" | "1d", timeZone: string, from: string, to: string) => {
    const timeline = await getTimeline(t.handle.db, parseFilters(new URLSearchParams({ from, to })), bucket, { timeZone, baseline: false });
    return Object.fromEntries(timeline.series[0]!.points.filter((p) => p.count > 0).map((p) => [p.t, p.count]));
  };

  it("counts days from midnight in Pakistan time", async () => {
    expect(await counts("1d", "Asia/Karachi", "2024-11-19T19:00:00Z", "2024-11-22T19:00:00Z")).toEqual({
      "2024-11-19T19:00:00.000Z": 1, // 20 November PKT: 23:59
      "2024-11-20T19:00:00.000Z": 4, // 21 November PKT: 00:00, 04:59, 05:00, 23:55
    });
  });

  it("counts days from midnight UTC when the viewer's zone is UTC", async () => {
    expect(await counts("1d", "UTC", "2024-11-20T00:00:00Z", "2024-11-23T00:00:00Z")).toEqual({
      "2024-11-20T00:00:00.000Z": 3,
      "2024-11-21T00:00:00.000Z": 2,
    });
  });

  it("puts each report in its own hour across both midnights, with empty hours present", async () => {
    const timeline = await getTimeline(t.handle.db, parseFilters(new URLSearchParams({ from: "2024-11-20T18:00:00Z", to: "2024-11-21T01:00:00Z" })), "1h", {
      timeZone: "Asia/Karachi",
      baseline: false,
    });
    const points = timeline.series[0]!.points;
    expect(points).toHaveLength(7);
    expect(points.map((p) => p.count)).toEqual([1, 1, 0, 0, 0, 1, 1]);
  });

  it("starts a window that begins mid-day at that day's local midnight", async () => {
    const timeline = await getTimeline(t.handle.db, parseFilters(new URLSearchParams({ from: "2024-11-21T03:00:00Z", to: "2024-11-21T20:00:00Z" })), "1d", {
      timeZone: "Asia/Karachi",
      baseline: false,
    });
    expect(timeline.series[0]!.points).toEqual([
      { t: "2024-11-20T19:00:00.000Z", count: 4 },
      { t: "2024-11-21T19:00:00.000Z", count: 0 },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getBreakdownApi } from "@/app/api/v1/breakdown/route";
import { GET as getExportApi } from "@/app/api/v1/export/route";
import { GET as getMapApi } from "@/app/api/v1/map/route";
import { GET as getTimelineApi } from "@/app/api/v1/timeline/route";
import { getBrief } from "@/db/queries/brief";
import { GroupCommit } from "@/db/ingest";
import { pinBriefWindow } from "@/lib/brief/brief-window";
import { parseFilters } from "@/lib/filters";
import { parseReport } from "@/lib/reports/report-schema";
import { permalinkQuery } from "@/lib/view/view-params";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, validReport } from "@/tests/support/reports";

// The brief's figures must be the API's figures for the brief's permalink,
// and both must be what the reports say (counted here from the fixtures).
const HOUR = 3600_000;
const NOW = Date.now();
const fixtures = [
  { area: "karachi-south", isp: "zong", service: "whatsapp", connection: "mobile", ago: 0.2 },
  { area: "karachi-south", isp: "jazz", service: "whatsapp", connection: "mobile", ago: 0.4 },
  { area: "karachi-south", isp: "zong", service: "whatsapp", connection: "mobile", ago: 0.45 },
  { area: "karachi-east", isp: "ptcl", service: "youtube", connection: "fixed", ago: 3.5 },
  { area: "lahore", isp: "zong", service: "vpn", connection: "mobile", ago: 7.2 },
  { area: "quetta", isp: "telenor", service: "internet", connection: "mobile", ago: 40 },
] as const;

type Body<T> = Promise<T>;
const json = <T,>(res: Response): Body<T> => res.json() as Body<T>;

describe.each(DRIVERS)("the hearing brief on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const ingest = new GroupCommit(t.handle.db);
    for (const [i, { ago, ...f }] of fixtures.entries()) {
      const parsed = parseReport(validReport({ ...f, problem: "media_fails", observedAt: new Date(NOW - ago * HOUR).toISOString() }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      await ingest.submit({ report: parsed.report, source: "api", clientKey: `k${i}` });
    }
  });
  afterAll(async () => t?.drop());

  it.each([
    ["", () => true],
    ["isp=zong", (f: (typeof fixtures)[number]) => f.isp === "zong"],
    ["area=sindh&connection=mobile", (f: (typeof fixtures)[number]) => f.area.startsWith("karachi") && f.connection === "mobile"],
  ])("shows the API's figures for its permalink (%s)", async (query, keep) => {
    const pinned = pinBriefWindow(new Date(NOW - 24 * HOUR), new Date(NOW), "Asia/Karachi");
    const params = new URLSearchParams(query);
    params.set("from", pinned.from.toISOString());
    params.set("to", pinned.to.toISOString());
    const filters = parseFilters(params);
    const link = permalinkQuery({ filters, window: "custom", bucket: pinned.bucket });
    const brief = await getBrief(filters, pinned.bucket, "Asia/Karachi");

    const inWindow = fixtures.filter((f) => NOW - f.ago * HOUR >= pinned.from.getTime() && keep(f));
    expect(brief.headline.total).toBe(inWindow.length);

    const timeline = await json<{ series: { points: { t: string; count: number }[] }[]; baseline: { expected: number }[] }>(
      await getTimelineApi(getRequest(`/api/v1/timeline?bucket=${pinned.bucket}&${link}`)),
    );
    const points = timeline.series[0]!.points;
    expect(points.reduce((n, p) => n + p.count, 0)).toBe(brief.headline.total);
    const peak = Math.max(...points.map((p) => p.count));
    expect(brief.headline.peak?.count ?? 0).toBe(peak);
    if (peak > 0) expect(points.find((p) => p.count === peak)?.t).toBe(brief.headline.peak?.t);

    for (const dimension of ["isp", "service", "area", "connection", "problem"] as const) {
      const rows = await json<{ key: string; count: number }[]>(await getBreakdownApi(getRequest(`/api/v1/breakdown?dimension=${dimension}&${link}`)));
      expect(brief.breakdowns[dimension].map((r) => [r.key, r.count])).toEqual(rows.map((r) => [r.key, r.count]));
    }

    const map = await json<{ area: string; count: number }[]>(await getMapApi(getRequest(`/api/v1/map?level=district&${link}`)));
    expect(brief.headline.districts).toBe(map.filter((a) => a.count > 0).length);
    expect(brief.headline.districts).toBe(new Set(inWindow.map((f) => f.area)).size);

    // The matching export: the same SHA-256 and rows as GET /api/v1/export.
    const exported = await getExportApi(getRequest(`/api/v1/export?format=csv&${link}`));
    expect(exported.status).toBe(200);
    expect(brief.export?.sha256).toBe(exported.headers.get("x-content-sha256"));
    expect(brief.export?.rows).toBe(Number(exported.headers.get("x-export-rows")));
    expect(brief.export?.rows).toBe(inWindow.length);

    // The ledger: every fixture is its own reporter and counted.
    expect(brief.ledger.counted).toBe(inWindow.length);
    expect(brief.ledger.received).toBe(inWindow.length);
    expect(brief.ledger.reporters).toBe(inWindow.length);
  });

  it("lists what was received but not counted, and why", async () => {
    const ingest = new GroupCommit(t.handle.db);
    const observedAt = new Date(NOW - 0.1 * HOUR).toISOString();
    for (let i = 0; i < 3; i++) {
      const parsed = parseReport(validReport({ area: "ghizer", isp: "scom", service: "internet", connection: "mobile", problem: "slow", observedAt }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      await ingest.submit({ report: parsed.report, source: "api", clientKey: "one-client" });
    }
    const pinned = pinBriefWindow(new Date(NOW - 24 * HOUR), new Date(NOW), "Asia/Karachi");
    const filters = parseFilters(new URLSearchParams({ from: pinned.from.toISOString(), to: pinned.to.toISOString(), area: "ghizer" }));
    const brief = await getBrief(filters, pinned.bucket, "Asia/Karachi");
    expect(brief.ledger).toMatchObject({ received: 3, counted: 1, reporters: 1, notCounted: { duplicate: 2, rate_limited: 0, voided: 0 } });
    expect(brief.headline.total).toBe(1);
  });

  it("has no typical figure when the history is too short for a baseline", async () => {
    const pinned = pinBriefWindow(new Date(NOW - 24 * HOUR), new Date(NOW), "Asia/Karachi");
    const brief = await getBrief(parseFilters(new URLSearchParams({ from: pinned.from.toISOString(), to: pinned.to.toISOString() })), pinned.bucket, "Asia/Karachi");
    expect(brief.headline.typical).toBeNull();
    expect(brief.headline.ratio).toBeNull();
  });
});

import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getIncidentRoute } from "@/app/api/v1/incidents/[id]/route";
import { GET as getIncidents } from "@/app/api/v1/incidents/route";
import { GET as getTimelineRoute } from "@/app/api/v1/timeline/route";
import { GET as getFeed } from "@/app/feed.xml/route";
import { analysedTo, detectIncidents, LAST_RUN, redetect } from "@/db/jobs/detect-incidents";
import { dataStart } from "@/db/queries/rollup-series";
import { scopeCounts } from "@/db/detection/scope-counts";
import { BACKFILL_MS, CATCH_UP_STEP_MS, DEFAULT_DETECTION, LOOKBACK_MS } from "@/lib/detection/detection-config";
import { detectionRanges } from "@/lib/detection/detection-points";
import { fixedPace, ROWS_PACE } from "@/lib/detection/pieces";
import { eq } from "drizzle-orm";
import { runJobOnce, type Job } from "@/db/jobs/scheduler";
import { GroupCommit } from "@/db/ingest";
import { impactTotal } from "@/db/queries/impact";
import { incidents, incidentScopes, settings } from "@/db/schema";
import { parseFilters } from "@/lib/filters";
import { CURRENT_INPUTS } from "@/lib/impact/inputs";
import { parseReport } from "@/lib/reports/report-schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, validReport } from "@/tests/support/reports";

// Reports through the ingest path users use: a WhatsApp failure on Zong in
// Karachi (ten people every five minutes for 45 minutes), one client flooding
// VPN-on-Jazz reports, and a trickle of ordinary YouTube reports. There are
// fewer than three days of data, so there is no baseline and a window needs
// 3 × 8 reports from different people to count as unusual.
const STEP = 5 * 60_000;
const NOW = Math.floor(Date.now() / STEP) * STEP;
const OUTAGE_FROM = NOW - 180 * 60_000;
const OUTAGE_TO = NOW - 135 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

type Summary = { id: number; status: string; durationMinutes: number; reports: number; peak: { count: number }; start: string; end: string | null; primary: { kind: string; key: string }; scopes: { kind: string; key: string }[] };

describe.each(DRIVERS)("incident detection on %s", (driver) => {
  let t: TestDatabase;
  const snapshot = async () => ({
    incidents: await t.handle.db.select().from(incidents).orderBy(incidents.id),
    scopes: await t.handle.db.select().from(incidentScopes).orderBy(incidentScopes.id),
  });
  const reset = async () => {
    await t.handle.db.delete(incidents);
    await t.handle.db.delete(settings);
  };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const ingest = new GroupCommit(t.handle.db);
    const send = async (at: number, clientKey: string, f: Parameters<typeof validReport>[0] = {}) => {
      const parsed = parseReport(validReport({ ...f, observedAt: iso(at) }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return ingest.submit({ report: parsed.report, source: "api", clientKey });
    };
    const pending: Promise<unknown>[] = [send(NOW - 70 * 3600_000, "early")];
    for (let b = OUTAGE_FROM; b < OUTAGE_TO; b += STEP) {
      for (let i = 0; i < 10; i++) pending.push(send(b + i * 20_000, `person-${b}-${i}`, { service: "whatsapp", isp: "zong", area: "karachi-south" }));
    }
    for (let i = 0; i < 40; i++) pending.push(send(NOW - 300 * 60_000 + i * 20_000, "flooder", { service: "vpn", isp: "jazz", area: "lahore", problem: "vpn_blocked" }));
    for (let b = NOW - 6 * 3600_000; b < NOW; b += 30 * 60_000) pending.push(send(b, `viewer-${b}`, { service: "youtube", isp: "ptcl", area: "lahore", connection: "fixed", problem: "slow" }));
    await Promise.all(pending);
  });
  afterAll(async () => t?.drop());

  // Reads are shared for 10 s (db/queries/cached.ts); a window end a millisecond apart asks afresh after each run.
  let asked = 0;
  const list = async (query = "") =>
    (await (await getIncidents(getRequest(`/api/v1/incidents?from=${iso(NOW - 24 * 3600_000)}&to=${iso(NOW + STEP + ++asked)}${query}`))).json()) as Summary[];

  const figures = async () => {
    const { incidents: rows, scopes } = await snapshot();
    return rows.map((r) => ({
      primary: `${r.scopeKind}:${r.scopeKey}`,
      span: [r.startedAt.toISOString(), r.endedAt?.toISOString() ?? null],
      reports: r.reports,
      scopes: scopes.filter((s) => s.incidentId === r.id).map((s) => `${s.kind}:${s.key} ${s.startedAt.toISOString()} ${s.reports}`).sort(),
    }));
  };

  it("stores a first run's fortnight a day at a time, the same incidents as one pass over it stores", async () => {
    await reset();
    await detectIncidents(t.handle.db, new Date(NOW));
    const stepped = await figures();
    // The run stored step by step: the last step it recorded began a lookback before the day it ended.
    const [last] = await t.handle.db.select().from(settings).where(eq(settings.key, LAST_RUN));
    const range = JSON.parse(last!.value) as { from: string; to: string };
    expect(Date.parse(range.to) - Date.parse(range.from)).toBeLessThanOrEqual(CATCH_UP_STEP_MS + LOOKBACK_MS);
    await reset();
    const to = NOW + STEP;
    await redetect(t.handle.db, to - BACKFILL_MS, to, (await dataStart(t.handle.db))!);
    expect(stepped.length).toBeGreaterThan(0);
    expect(stepped).toEqual(await figures());
    await reset();
  });

  it("ends a first run after its step when the server stops, and the next run goes on from there to what one run stores", async () => {
    await reset();
    await detectIncidents(t.handle.db, new Date(NOW));
    const whole = await figures();
    await reset();
    // Stopping before the run began: it still stores its first step, and records how far it got.
    await detectIncidents(t.handle.db, new Date(NOW), { stop: AbortSignal.abort() });
    const reached = await analysedTo(t.handle.db);
    expect(reached).toBeLessThan(NOW);
    expect(reached).toBeGreaterThan(NOW - BACKFILL_MS);
    await detectIncidents(t.handle.db, new Date(NOW));
    expect(await analysedTo(t.handle.db)).toBeGreaterThan(NOW);
    expect(whole.length).toBeGreaterThan(0);
    expect(await figures()).toEqual(whole);
    await reset();
  });

  it("reads the counts a piece at a time, the same counts as one read", async () => {
    const ranges = detectionRanges(NOW - 6 * 3600_000, NOW + STEP, DEFAULT_DETECTION);
    const whole = await scopeCounts(t.handle.db, ranges, fixedPace(Infinity));
    expect(whole.length).toBeGreaterThan(5);
    // 125-minute pieces cut the ranges off the hour, and across the outage.
    expect(await scopeCounts(t.handle.db, ranges, fixedPace(25 * STEP))).toEqual(whole);
    expect(await scopeCounts(t.handle.db, ranges, ROWS_PACE)).toEqual(whole);
  });

  it("opens an incident while the failure goes on and closes it after a quiet stretch, keeping its id", async () => {
    await reset();
    await detectIncidents(t.handle.db, new Date(OUTAGE_FROM + 30 * 60_000));
    const [ongoing, ...others] = await list();
    expect(others).toEqual([]);
    expect(ongoing).toMatchObject({ status: "ongoing", start: iso(OUTAGE_FROM), end: null });

    await detectIncidents(t.handle.db, new Date(NOW));
    const [closed, ...rest] = await list();
    expect(rest).toEqual([]);
    expect(closed).toMatchObject({ id: ongoing!.id, status: "closed", start: iso(OUTAGE_FROM), end: iso(OUTAGE_TO) });
  });

  it("links the scopes of one event into one incident, and ignores one client flooding", async () => {
    const [incident] = await list();
    expect(incident!.primary).toEqual({ kind: "service", key: "whatsapp" });
    expect(incident!.scopes.map((s) => `${s.kind}:${s.key}`).sort()).toEqual(["isp:zong", "province:sindh", "service-isp:whatsapp|zong", "service:whatsapp"]);
  });

  it("changes nothing when run again over the same data", async () => {
    const before = await snapshot();
    await detectIncidents(t.handle.db, new Date(NOW));
    await detectIncidents(t.handle.db, new Date(NOW + STEP));
    expect(await snapshot()).toEqual(before);
  });

  it("stores each incident once when two runs race", async () => {
    await reset();
    const job: Job = { name: "detect-incidents", everyMs: 60_000, run: (tx) => detectIncidents(tx, new Date(NOW)) };
    const ran = await Promise.all([runJobOnce(t.handle.db, job), runJobOnce(t.handle.db, job)]);
    // PostgreSQL: the second meets the advisory lock and skips; PGlite: one connection, so they run one after the other.
    if (driver === "postgres") expect(ran.filter(Boolean)).toHaveLength(1);
    const { incidents: rows, scopes } = await snapshot();
    expect(rows).toHaveLength(1);
    expect(scopes).toHaveLength(4);
  });

  it.each([
    ["&service=whatsapp", 1],
    ["&service=youtube", 0],
    ["&isp=zong", 1],
    ["&isp=jazz", 0],
    ["&area=sindh", 1],
    ["&area=karachi-south", 1],
    ["&area=punjab", 0],
    ["&from=" + iso(NOW - 60 * 60_000), 0],
  ])("filters the list by %s", async (query, n) => {
    const url = query.startsWith("&from=") ? `/api/v1/incidents?to=${iso(NOW)}${query}` : undefined;
    const body = url ? ((await (await getIncidents(getRequest(url))).json()) as Summary[]) : await list(query);
    expect(body).toHaveLength(n);
  });

  it("rejects an unknown slug in the list with a 400 naming it", async () => {
    const res = await getIncidents(getRequest("/api/v1/incidents?service=nope"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe("service");
  });

  it("gives one incident with figures the timeline API agrees with", async () => {
    const [summary] = await list();
    const res = await getIncidentRoute(getRequest(`/api/v1/incidents/${summary!.id}`), { params: Promise.resolve({ id: String(summary!.id) }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      figures: { reports: number; peak: { count: number } };
      affected: { areas: { key: string; count: number }[]; isps: { key: string }[]; connections: { key: string }[] };
      timeline: { series: { points: { t: string; count: number }[] }[]; baseline: unknown[] };
    };
    expect(body.figures.reports).toBe(90);
    // The list's stored figures (the job's) are the page's recount.
    expect(summary).toMatchObject({ reports: body.figures.reports, peak: { count: body.figures.peak.count } });
    expect(body.figures.peak.count).toBe(10);
    const timeline = (await (
      await getTimelineRoute(getRequest(`/api/v1/timeline?bucket=5m&service=whatsapp&from=${summary!.start}&to=${summary!.end}`))
    ).json()) as { series: { points: { count: number }[] }[] };
    expect(timeline.series[0]!.points.reduce((n, p) => n + p.count, 0)).toBe(body.figures.reports);
    expect(body.affected.areas).toEqual([expect.objectContaining({ key: "karachi-south", count: 90 })]);
    expect(body.affected.isps.map((r) => r.key)).toEqual(["zong"]);
    expect(body.affected.connections.map((r) => r.key)).toEqual(["mobile"]);
    expect(body.timeline.series[0]!.points.length).toBeGreaterThan(9);
  });

  it("carries its economic-impact estimate, the what-if the page offers, and the same figure in the window's total", async () => {
    type Term = { name: string; value: { low: number; central: number; high: number }; source: string };
    type Impact = { low: number; central: number; high: number; currency: string; inputsVersion: string; terms: Term[]; changed: string[] };
    const [summary] = await list();
    const id = String(summary!.id);
    const ask = async (query = "") => getIncidentRoute(getRequest(`/api/v1/incidents/${id}${query}`), { params: Promise.resolve({ id }) });
    const { impact } = (await (await ask()).json()) as { impact: Impact };
    expect(impact).toMatchObject({ currency: "USD", inputsVersion: CURRENT_INPUTS.version, changed: [] });
    expect(impact.terms.map((term) => term.name)).toEqual(["gdpPerDay", "days", "lossRate", "areaShare", "networkShare", "serviceWeight", "severity"]);
    for (const term of impact.terms) expect(term.source.length).toBeGreaterThan(0);
    // The range is the product of its terms, bound by bound.
    for (const b of ["low", "central", "high"] as const) expect(impact[b]).toBeCloseTo(impact.terms.reduce((x, term) => x * term.value[b], 1), 6);
    expect(impact.low).toBeLessThanOrEqual(impact.central);
    expect(impact.central).toBeLessThanOrEqual(impact.high);
    const term = (name: string) => impact.terms.find((x) => x.name === name)!.value.central;
    expect(term("days")).toBeCloseTo(summary!.durationMinutes / 60 / 24);
    // Every report came from mobile connections on Zong, or from no narrower provider than the incident's.
    expect(term("networkShare")).toBeLessThan(1);

    const changed = (await (await ask("?lossRate=0.02")).json()) as { impact: Impact };
    expect(changed.impact.changed).toEqual(["lossRate"]);
    expect(changed.impact.central).toBeCloseTo((impact.central / term("lossRate")) * 0.02, 6);
    for (const [query, field] of [["?lossRate=2", "lossRate"], ["?inputs=1999-01-01", "inputs"], ["?severity=x", "severity"]]) {
      const res = await ask(query);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }

    // One incident in the window: the total is its estimate.
    const total = await impactTotal(parseFilters(new URLSearchParams({ from: iso(NOW - 24 * 3600_000), to: iso(NOW + STEP) })), CURRENT_INPUTS);
    expect(total).toMatchObject({ estimated: 1, counted: 1, unestimated: 0, inputsVersion: CURRENT_INPUTS.version });
    expect(total.central).toBeCloseTo(impact.central, 6);
  });

  it("answers 404 for an incident that does not exist and 400 for an id that is not a number", async () => {
    const missing = await getIncidentRoute(getRequest("/api/v1/incidents/999999"), { params: Promise.resolve({ id: "999999" }) });
    expect(missing.status).toBe(404);
    const bad = await getIncidentRoute(getRequest("/api/v1/incidents/abc"), { params: Promise.resolve({ id: "abc" }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("id");
  });

  it("publishes the incidents as an Atom feed", async () => {
    const res = await getFeed(getRequest("/feed.xml"));
    expect(res.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await res.text();
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
      feed: { "@_xmlns": string; title: string; updated: string; entry: { id: string; title: { "#text": string }; updated: string; link: { "@_href": string } } };
    };
    expect(parsed.feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    const [summary] = await list();
    expect(parsed.feed.entry.id).toBe(`http://localhost/incidents/${summary!.id}`);
    expect(parsed.feed.entry.title["#text"]).toMatch(/^WhatsApp: disruption from /);
    expect(Date.parse(parsed.feed.entry.updated)).not.toBeNaN();
    // Links follow the address the reader asked for, not the one the server is bound to.
    const behind = await getFeed(new Request("http://0.0.0.0:3000/feed.xml", { headers: { host: "watch.example.org" } }));
    expect(await behind.text()).toContain(`<id>http://watch.example.org/incidents/${summary!.id}</id>`);
    const odd = await getFeed(new Request("http://0.0.0.0:3000/feed.xml", { headers: { host: "evil.example/<x>" } }));
    expect(await odd.text()).toContain("<id>http://0.0.0.0:3000/incidents</id>");
  });
});

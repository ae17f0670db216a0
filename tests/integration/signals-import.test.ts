import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getSignals } from "@/app/api/v1/signals/route";
import { rowsOf } from "@/db/client";
import { importSignals, readImportState, signalJobs, stateKey } from "@/db/jobs/import-signals";
import { runScheduledTurn } from "@/db/jobs/scheduler";
import { signals } from "@/db/schema";
import { env, reloadEnv } from "@/lib/env";
import { cloudflare } from "@/lib/signals/cloudflare";
import { ioda } from "@/lib/signals/ioda";
import { ooni } from "@/lib/signals/ooni";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest } from "@/tests/support/reports";

// The OONI importer as the scheduler runs it, stepped through simulated
// time on both databases, against a local server that answers like OONI's
// aggregation API (the recorded row shape, with the days asked for) and, on
// demand, with a 429, a 500, a timeout or a malformed body.

const DAY = 86_400_000;
type Failure = "429" | "500" | "timeout" | "malformed";

function ooniServer() {
  const failures: Failure[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? "/", "http://localhost");
    const failure = failures.shift();
    if (failure === "429") {
      res.writeHead(429, { "Retry-After": "120", "Content-Type": "application/json" }).end('{"error":"quota exceeded"}');
      return;
    }
    if (failure === "500") {
      res.writeHead(500).end("upstream broke");
      return;
    }
    if (failure === "timeout") return; // never answers
    if (failure === "malformed") {
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"v":0,"result":[{"measurement_count":"many"}]}');
      return;
    }
    const since = Date.parse(`${url.searchParams.get("since")}T00:00:00Z`);
    const until = Date.parse(`${url.searchParams.get("until")}T00:00:00Z`);
    const result = [];
    for (let d = since; d < until; d += DAY) {
      const day = new Date(d).toISOString().slice(0, 10);
      result.push({ anomaly_count: 9, confirmed_count: 1, failure_count: 2, measurement_count: 20, measurement_start_day: day, ok_count: 8, probe_asn: 59257 });
      result.push({ anomaly_count: 0, confirmed_count: 0, failure_count: 0, measurement_count: 3, measurement_start_day: day, ok_count: 3, probe_asn: 17557 });
    }
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ v: 0, dimension_count: 2, db_stats: {}, result }));
  });
  return {
    server,
    failures,
    get requests() {
      return requests;
    },
  };
}

describe.each(DRIVERS)("the OONI importer on %s", (driver) => {
  let t: TestDatabase;
  const upstream = ooniServer();
  const T0 = Date.UTC(2026, 10, 20, 12);
  const at = (ms: number) => new Date(T0 + ms);
  const stored = async () => (await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(signals))[0]!.n;

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.server.listen(0, "127.0.0.1", resolve));
    process.env.SIGNALS_OONI = "1";
    process.env.OONI_API_URL = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;
    reloadEnv();
    t = await createTestDatabase(driver);
    useRuntime(t);
  });
  afterAll(async () => {
    delete process.env.SIGNALS_OONI;
    delete process.env.OONI_API_URL;
    reloadEnv();
    upstream.server.closeAllConnections();
    await new Promise((r) => upstream.server.close(r));
    await t?.drop();
  });

  // The real job, with pauses and timeouts short enough for a test.
  const job = () => signalJobs(env(), { minIntervalMs: 0, timeoutMs: 300 }).find((j) => j.name === "import-signals-ooni")!;

  it("first looks back a week, stores it and moves its cursor to now", async () => {
    expect(await runScheduledTurn(t.handle.db, job(), at(0))).toBe(true);
    const state = await readImportState(t.handle.db, "ooni");
    expect(state).toMatchObject({ cursor: at(0).toISOString(), failures: 0, retryAt: null });
    // Per day: WhatsApp, Telegram, Signal, Messenger and web connectivity, each for two networks and the country.
    const rows = await t.handle.db.select().from(signals);
    expect(rows.length).toBeGreaterThan(0);
    const zong = rows.find((r) => r.entity === "asn:59257" && r.metric === "whatsapp")!;
    expect(zong).toMatchObject({ source: "ooni", value: 0.5, sampleSize: 20, stepSeconds: 86_400 });
    expect(zong.url).toContain("test_name=whatsapp");
    expect(rows.find((r) => r.entity === "country:PK" && r.metric === "whatsapp")).toMatchObject({ sampleSize: 23 });
  });

  it("on a 429 stores nothing of the window, backs off at least its Retry-After, then resumes from its cursor", async () => {
    const before = await stored();
    const asked = upstream.requests;
    upstream.failures.push("500", "429");
    // A day later: the first request fails (500) and the run stops.
    await runScheduledTurn(t.handle.db, job(), at(DAY));
    let state = await readImportState(t.handle.db, "ooni");
    expect(state.cursor).toBe(at(0).toISOString());
    expect(state.failures).toBe(1);
    expect(Date.parse(state.retryAt!)).toBeGreaterThanOrEqual(T0 + DAY + 60_000);
    expect(await stored()).toBe(before);
    // Still backing off: no request at all.
    const during = upstream.requests;
    await runScheduledTurn(t.handle.db, job(), at(DAY + 30_000));
    expect(upstream.requests).toBe(during);
    // Past it: the 429, with Retry-After 120 s.
    const retried = Date.parse(state.retryAt!) + 1000;
    await runScheduledTurn(t.handle.db, job(), new Date(retried));
    state = await readImportState(t.handle.db, "ooni");
    expect(state.failures).toBe(2);
    expect(Date.parse(state.retryAt!)).toBeGreaterThanOrEqual(retried + 120_000);
    expect(await stored()).toBe(before);
    // Then it goes on where it stopped, and the day it missed is there.
    await runScheduledTurn(t.handle.db, job(), at(DAY + 3 * 3600_000));
    state = await readImportState(t.handle.db, "ooni");
    expect(state).toMatchObject({ cursor: at(DAY + 3 * 3600_000).toISOString(), failures: 0, retryAt: null });
    expect(await stored()).toBeGreaterThan(before);
    const [days] = rowsOf<{ n: string | number }>(await t.handle.db.execute(sql`select count(distinct t) as n from signals where entity = 'asn:59257' and metric = 'whatsapp'`));
    // The first run's week and the day after it.
    expect(Number(days!.n)).toBeGreaterThanOrEqual(9);
    expect(upstream.requests).toBeGreaterThan(asked);
  });

  it("gives up on a request that does not answer, and stores nothing of that window", async () => {
    const before = await stored();
    upstream.failures.push("timeout");
    await runScheduledTurn(t.handle.db, job(), at(2 * DAY));
    const state = await readImportState(t.handle.db, "ooni");
    expect(state.failures).toBe(1);
    expect(state.lastError).toMatch(/time|abort/i);
    expect(await stored()).toBe(before);
  });

  it("skips a response of an unknown shape and keeps the rest", async () => {
    await t.handle.db.execute(sql`update settings set value = ${JSON.stringify({ cursor: at(2 * DAY).toISOString(), failures: 0, retryAt: null, lastError: null })} where key = ${stateKey("ooni")}`);
    upstream.failures.push("malformed");
    const run = await importSignals(t.handle.db, ooni, { baseUrl: process.env.OONI_API_URL, minIntervalMs: 0, timeoutMs: 300 }, at(2 * DAY + 3600_000));
    expect(run).toMatchObject({ outcome: "done", skippedResponses: 1 });
    expect((await readImportState(t.handle.db, "ooni")).cursor).toBe(at(2 * DAY + 3600_000).toISOString());
  });

  it("runs once when two instances try at the same moment", async () => {
    const now = at(3 * DAY);
    const options = { baseUrl: process.env.OONI_API_URL, minIntervalMs: 0, timeoutMs: 300 };
    const runs = await Promise.all([importSignals(t.handle.db, ooni, options, now), importSignals(t.handle.db, ooni, options, now)]);
    expect(runs.map((r) => r.outcome).sort()).toEqual(["done", "skipped"]);
  });

  it("serves what it stored through GET /api/v1/signals, as JSON and CSV", async () => {
    const window = `from=${at(-8 * DAY).toISOString()}&to=${at(4 * DAY).toISOString()}`;
    const all = (await (await getSignals(getRequest(`/api/v1/signals?${window}&source=ooni&isp=zong`))).json()) as { entity: string; value: number; url: string }[];
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((r) => r.entity))).toEqual(new Set(["asn:59257"]));
    const csv = await (await getSignals(getRequest(`/api/v1/signals?${window}&isp=zong&format=csv`))).text();
    expect(csv.split("\r\n")[0]).toBe("source,metric,entity,t,stepSeconds,value,baseline,sampleSize,url,fetchedAt");
    const bad = await getSignals(getRequest(`/api/v1/signals?${window}&source=netblocks`));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("source");
  });
});

// IODA and Cloudflare Radar through the same importer, against a server that
// replays their recorded responses (tests/fixtures/signals) by path.
const fixture = (name: string) => fs.readFileSync(`tests/fixtures/signals/${name}`, "utf8");
const REPLAY: [RegExp, string][] = [
  [/\/signals\/raw\//, "ioda-signals-raw-asn-59257.recon.json"],
  [/\/radar\/netflows\/timeseries/, "cloudflare-netflows-pk.seen.json"],
  [/\/radar\/annotations\/outages/, "cloudflare-annotations-outages.seen.json"],
  [/\/radar\/traffic_anomalies/, "cloudflare-traffic-anomalies.recon.json"],
];

describe.each(DRIVERS)("the IODA and Cloudflare importers on %s", (driver) => {
  let t: TestDatabase;
  let fail = 0;
  const seen: { url: string; authorization?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
    if (fail > 0) {
      fail--;
      res.writeHead(503, { "Retry-After": "30" }).end();
      return;
    }
    const hit = REPLAY.find(([path]) => path.test(req.url ?? ""));
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" }).end(fixture(hit[1]));
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestDatabase(driver);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await t?.drop();
  });

  for (const [client, options] of [
    [ioda, {}],
    [cloudflare, { token: "radar-token-for-tests" }],
  ] as const) {
    it(`${client.source}: stores every response of a window, or none of it on an error, and resumes`, async () => {
      const now = new Date(Date.UTC(2026, 10, 20, 12));
      const count = async () => (await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(signals).where(sql`source = ${client.source}`))[0]!.n;
      fail = 1;
      const failed = await importSignals(t.handle.db, client, { ...options, baseUrl: base, minIntervalMs: 0, timeoutMs: 2000 }, now);
      expect(failed).toMatchObject({ outcome: "failed", stored: 0, cursor: null });
      expect(await count()).toBe(0);
      const later = new Date(now.getTime() + 3600_000);
      const run = await importSignals(t.handle.db, client, { ...options, baseUrl: base, minIntervalMs: 0, timeoutMs: 2000 }, later);
      expect(run).toMatchObject({ outcome: "done", cursor: later.toISOString() });
      expect(await count()).toBeGreaterThan(0);
      const rows = await t.handle.db.select().from(signals).where(sql`source = ${client.source}`);
      for (const r of rows) expect(r.url).not.toContain("radar-token");
      if (client.source === "cloudflare") expect(seen.filter((s) => s.url.includes("radar")).every((s) => s.authorization === "Bearer radar-token-for-tests")).toBe(true);
    });
  }
});

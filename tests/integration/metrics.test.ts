import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GroupCommit } from "@/db/ingest";
import { startJobs } from "@/db/jobs/scheduler";
import { parseReport, type ValidReport } from "@/lib/reports/report-schema";
import { requestListener } from "@/server/request-listener";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";
import { validReport } from "@/tests/support/reports";

// GET /metrics through the server entry's own request path, over reports the
// group commit really stored and jobs the scheduler really ran.

const TOKEN = "metrics-token-for-the-test";

const report = (overrides = {}): ValidReport => {
  const parsed = parseReport(validReport(overrides));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.report;
};

/** One sample's value from Prometheus' text format (0 when absent). */
function sample(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe.each(DRIVERS)("GET /metrics on %s", (driver) => {
  let t: TestDatabase;
  let server: Server;
  let base = "";
  const renders: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const listener = requestListener({
      render: async (req, res) => {
        renders.push(req.url!);
        res.statusCode = req.url!.startsWith("/missing") ? 404 : 200;
        res.end("page");
      },
      trustProxy: false,
      lastStorageFailure: () => 0,
      metricsToken: TOKEN,
    });
    server = createServer(listener);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await t?.drop();
  });

  const metrics = async () => {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    return res.text();
  };

  it("answers only with the token, and never reaches the app", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong-token-of-other-length" } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
    expect(renders).not.toContain("/metrics");
  });

  it("is a 404 like any unknown path when no token is configured", async () => {
    const off = createServer(requestListener({ render: async (_req, res) => void res.writeHead(404).end(), trustProxy: false, lastStorageFailure: () => 0 }));
    await new Promise<void>((r) => off.listen(0, "127.0.0.1", r));
    const res = await fetch(`http://127.0.0.1:${(off.address() as AddressInfo).port}/metrics`);
    expect(res.status).toBe(404);
    await new Promise<void>((r) => off.close(() => r()));
  });

  it("counts reports by how they were stored, and the group commit's batches", async () => {
    const before = await metrics();
    const ingest = new GroupCommit(t.handle.db);
    // 5 counted from five people, then the first person's same report again (a duplicate), and one replay.
    const first = report({ clientReportId: "3f1b7c1e-0d4e-4a53-9c1e-000000000001" });
    await Promise.all(Array.from({ length: 5 }, (_, i) => ingest.submit({ report: i === 0 ? first : report({ isp: i % 2 ? "jazz" : "zong" }), source: "api", clientKey: `m${i}` })));
    await ingest.submit({ report: report(), source: "api", clientKey: "m0" });
    await ingest.submit({ report: first, source: "api", clientKey: "m0" });
    const after = await metrics();
    const delta = (status: string) => sample(after, "dw_reports_total", `status="${status}"`) - sample(before, "dw_reports_total", `status="${status}"`);
    expect(delta("counted")).toBe(5);
    expect(delta("duplicate")).toBe(1);
    expect(delta("replayed")).toBe(1);
    expect(sample(after, "dw_ingest_batch_size_count") - sample(before, "dw_ingest_batch_size_count")).toBe(3);
    expect(sample(after, "dw_ingest_batch_size_sum") - sample(before, "dw_ingest_batch_size_sum")).toBe(7);
    expect(sample(after, "dw_ingest_queue_depth")).toBe(0);
  });

  it("counts job turns by outcome, their durations and the database errors they met", async () => {
    const before = await metrics();
    const ok = { name: `metrics-ok-${driver}`, everyMs: 60_000, run: async () => {} };
    const bad = {
      name: `metrics-bad-${driver}`,
      everyMs: 60_000,
      run: async () => {
        throw new Error('relation "nowhere" does not exist');
      },
    };
    const failures: string[] = [];
    // Each scheduler's first turn comes at once; the second scheduler's turn of `ok` finds it ran lately.
    for (let i = 0; i < 2; i++) {
      const scheduler = startJobs(t.handle.db, i === 0 ? [ok, bad] : [ok], (name) => failures.push(name));
      await new Promise((r) => setTimeout(r, 300));
      await scheduler.stop();
    }
    expect(failures).toEqual([bad.name]);
    const after = await metrics();
    const d = (name: string, labels: string) => sample(after, name, labels) - sample(before, name, labels);
    expect(d("dw_job_runs_total", `job="${ok.name}",outcome="ran"`)).toBe(1);
    expect(d("dw_job_runs_total", `job="${ok.name}",outcome="skipped"`)).toBe(1);
    expect(d("dw_job_runs_total", `job="${bad.name}",outcome="failed"`)).toBe(1);
    expect(d("dw_job_duration_seconds_count", `job="${ok.name}"`)).toBe(1);
    expect(d("dw_database_errors_total", 'where="job"')).toBe(1);
  });

  it("counts answers by kind and status class, and the read cache's outcomes", async () => {
    const before = await metrics();
    await fetch(`${base}/service/whatsapp?m=${driver}`);
    await fetch(`${base}/service/whatsapp?m=${driver}`);
    await fetch(`${base}/missing`);
    const after = await metrics();
    const d = (name: string, labels: string) => sample(after, name, labels) - sample(before, name, labels);
    expect(d("dw_http_responses_total", 'kind="read",class="2xx"')).toBe(2); // /metrics itself is not counted
    expect(d("dw_http_responses_total", 'kind="read",class="4xx"')).toBe(1);
    expect(d("dw_read_cache_total", 'outcome="miss"')).toBe(1);
    expect(d("dw_read_cache_total", 'outcome="hit"')).toBe(1);
  });
});

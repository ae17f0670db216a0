import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { POST } from "@/app/api/v1/reports/route";
import { GET as getTimeline } from "@/app/api/v1/timeline/route";
import { GET as getHealth } from "@/app/api/health/route";
import { createRuntime } from "@/db/boot";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { setRuntime } from "@/db/runtime";
import { createTestDatabase, type TestDatabase } from "@/tests/support/databases";
import { startTcpProxy, type TcpProxy } from "@/tests/support/tcp-proxy";
import { getRequest, postReport, validReport } from "@/tests/support/reports";

// PostgreSQL only: the embedded PGlite lives in the app's own process and
// cannot be down while the app is up. The app reaches PostgreSQL through a
// proxy this test controls, never by stopping the shared server.

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)("storage outage on postgres", () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let app: DatabaseHandle;

  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    const direct = new URL(t.url!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(t.url!);
    proxied.host = `127.0.0.1:${proxy.port}`;
    // As the server entry opens it: the pool's connect timeout (3 s) and a
    // query timeout, here 2 s.
    app = await openDatabase({ kind: "postgres", url: proxied.toString(), poolSize: 4, queryTimeoutMs: 2000 });
    setRuntime(await createRuntime(app));
  });
  afterAll(async () => {
    await app?.close().catch(() => {});
    await proxy?.close();
    await t?.drop();
  });

  const report = () => POST(postReport(validReport(), { headers: { "x-forwarded-for": `192.0.2.${Math.floor(Math.random() * 250)}` } }));
  // A window to the millisecond: never answered from the 10-second read cache.
  const timeline = () => getTimeline(getRequest(`/api/v1/timeline?bucket=1h&to=${new Date(Date.now() + 60_000).toISOString()}`));
  const timed = async <T>(run: () => Promise<T>) => {
    const start = Date.now();
    const value = await run();
    return { value, ms: Date.now() - start };
  };
  const expect503 = async (res: Response) => {
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("storage_unavailable");
  };

  it("answers 201 while the database is up", async () => {
    expect((await report()).status).toBe(201);
    expect((await timeline()).status).toBe(200);
  });

  it("answers 503 with Retry-After in seconds when the server is down, and recovers by itself", async () => {
    await proxy.refuse();
    const down = await timed(report);
    await expect503(down.value);
    expect(down.ms).toBeLessThan(5000);
    await expect503(await timeline());
    await expect503(await getHealth());

    await proxy.restore();
    expect((await report()).status).toBe(201);
    expect((await timeline()).status).toBe(200);
  });

  it("notes when the database last failed (pages that fail then answer 503, server/outage-status.ts)", async () => {
    expect((await report()).status).toBe(201);
    const before = Date.now();
    await proxy.refuse();
    await expect503(await timeline());
    expect(app.lastStorageFailure()).toBeGreaterThanOrEqual(before);
    await proxy.restore();
    expect((await report()).status).toBe(201);
  });

  it("gives up within seconds on a server that stops answering, and recovers by itself", async () => {
    proxy.stall();
    const stalled = await timed(report);
    await expect503(stalled.value);
    // The query timeout (2 s) or the connect timeout (3 s), whichever meets it.
    expect(stalled.ms).toBeLessThan(6000);
    // Back: the proxy drops the stalled connections, as a real network
    // recovering or a server restart would; the pool hears of it a moment later.
    await proxy.restore();
    await new Promise((r) => setTimeout(r, 200));
    expect((await report()).status).toBe(201);
  });

  it("survives the server closing every connection (an admin shutdown or a restart) without a 500", async () => {
    expect((await report()).status).toBe(201);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const killed = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const first = await report();
    expect([201, 503]).toContain(first.status);
    expect((await report()).status).toBe(201);
  });

  it("does not lose pool connections to transactions that failed to begin", async () => {
    // Each round drops every connection and sends a report straight into the
    // dead ones (pool of 4). A client not given back would be gone for good.
    for (let round = 0; round < 6; round++) {
      expect((await report()).status).toBe(201);
      await proxy.refuse();
      await proxy.restore();
      expect([201, 503]).toContain((await report()).status);
    }
    await new Promise((r) => setTimeout(r, 200));
    const after = await timed(report);
    expect(after.value.status).toBe(201);
    expect(after.ms).toBeLessThan(2000);
  });
});

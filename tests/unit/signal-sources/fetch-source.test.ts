import fs from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudflare } from "@/lib/signals/cloudflare";
import { backoffMs, fetchSource, parseRetryAfter, SourceHttpError } from "@/lib/signals/fetch-source";
import { ioda } from "@/lib/signals/ioda";
import { ooni } from "@/lib/signals/ooni";
import { SignalShapeError, type SourceClient } from "@/lib/signals/types";
import { fixture, FIXTURES, FROM, requestFor, TO, TOKEN } from "./support";

describe("fetchSource", () => {
  let server: Server;
  let base = "";
  let seen: { url: string; authorization: string | undefined } | null = null;
  const body = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    "/cf/radar/netflows/timeseries": (req, res) => {
      seen = { url: req.url ?? "", authorization: req.headers.authorization };
      res.writeHead(200, { "content-type": "application/json" }).end(body("cloudflare-netflows-pk.seen.json"));
    },
    "/ooni/api/v1/aggregation": (_req, res) =>
      res.writeHead(429, { "content-type": "application/json", "retry-after": "120" }).end(body("ooni-error-quota.recon.json")),
    "/dated/api/v1/aggregation": (_req, res) =>
      res.writeHead(429, { "retry-after": new Date(Date.now() + 90_000).toUTCString() }).end(),
    "/broken/api/v1/aggregation": (_req, res) => res.writeHead(500, { "content-type": "text/plain" }).end("internal error"),
    "/ioda/signals/raw/country/PK": (_req, res) =>
      res.writeHead(400, { "content-type": "application/json" }).end(body("ioda-error-400.recon.json")),
    "/html/signals/raw/country/PK": (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>"),
    "/shape/signals/raw/country/PK": (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(body("ioda-outages-alerts.recon.json")),
    "/slow/signals/raw/country/PK": (_req, res) => {
      const timer = setTimeout(() => res.writeHead(200).end("{}"), 2_000);
      res.on("close", () => clearTimeout(timer));
    },
    "/stall/signals/raw/country/PK": (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"signals","data":[');
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes[new URL(req.url ?? "/", "http://x").pathname];
      if (route) route(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const first = (client: SourceClient, prefix: string, entity: string, metric: string | null = null) => {
    const found = client.requests(FROM, TO, { baseUrl: `${base}${prefix}`, token: TOKEN }).find((r) => r.entity === entity && (metric === null || r.metric === metric));
    if (!found) throw new Error("no request");
    return found;
  };
  async function failure(run: () => Promise<unknown>): Promise<unknown> {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error("expected a failure");
  }

  it("returns the signals of a good answer, having sent the token as a header and not in the URL", async () => {
    const request = first(cloudflare, "/cf", "country:PK", "netflows");
    const { signals } = await fetchSource(cloudflare, request);
    expect(signals).toHaveLength(5);
    expect(seen?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen?.url).not.toContain(TOKEN);
    expect(signals.every((s) => !s.url.includes(TOKEN))).toBe(true);
  });

  it("turns a 429 into SourceHttpError with Retry-After in seconds", async () => {
    const error = await failure(() => fetchSource(ooni, first(ooni, "/ooni", "country:PK", "whatsapp")));
    expect(error).toBeInstanceOf(SourceHttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, source: "ooni" });
    expect((error as Error).message).toContain("quota exceeded");
  });

  it("reads Retry-After given as an HTTP date", async () => {
    const error = (await failure(() => fetchSource(ooni, first(ooni, "/dated", "country:PK", "whatsapp")))) as SourceHttpError;
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBeGreaterThan(85_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it("turns a 500 into SourceHttpError without Retry-After", async () => {
    const error = await failure(() => fetchSource(ooni, first(ooni, "/broken", "country:PK", "whatsapp")));
    expect(error).toBeInstanceOf(SourceHttpError);
    expect(error).toMatchObject({ status: 500, retryAfterMs: null });
  });

  it("turns IODA's 400 error envelope into SourceHttpError carrying its message", async () => {
    const error = await failure(() => fetchSource(ioda, first(ioda, "/ioda", "country:PK")));
    expect(error).toBeInstanceOf(SourceHttpError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toContain("less than 100 days");
  });

  it("turns a body that is not JSON, or JSON of another shape, into SignalShapeError", async () => {
    expect(await failure(() => fetchSource(ioda, first(ioda, "/html", "country:PK")))).toBeInstanceOf(SignalShapeError);
    expect(await failure(() => fetchSource(ioda, first(ioda, "/shape", "country:PK")))).toBeInstanceOf(SignalShapeError);
  });

  it("gives up on a slow answer, or a stalled body, as SourceHttpError with status 0", async () => {
    for (const prefix of ["/slow", "/stall"]) {
      const started = Date.now();
      const error = await failure(() => fetchSource(ioda, first(ioda, prefix, "country:PK"), { timeoutMs: 150 }));
      expect(error).toBeInstanceOf(SourceHttpError);
      expect(error).toMatchObject({ status: 0, retryAfterMs: null });
      expect(Date.now() - started).toBeLessThan(1_500);
    }
  });

  it("turns a refused connection into SourceHttpError with status 0", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const request = ioda.requests(FROM, TO, { baseUrl: `http://127.0.0.1:${port}/v2` })[0]!;
    const error = await failure(() => fetchSource(ioda, request));
    expect(error).toBeInstanceOf(SourceHttpError);
    expect(error).toMatchObject({ status: 0 });
  });

  it("uses the fetch it is given", async () => {
    const calls: string[] = [];
    const fake = (async (input: string | URL | Request) => {
      calls.push(String(input));
      return new Response(JSON.stringify(fixture("cloudflare-annotations-empty.recon.json")), { status: 200 });
    }) as typeof fetch;
    const request = requestFor(cloudflare, "country:PK", "outage");
    expect(await fetchSource(cloudflare, request, { fetch: fake })).toEqual({ signals: [] });
    expect(calls).toEqual([request.url]);
  });
});

describe("backoffMs", () => {
  it("doubles from a minute, caps at six hours, and never undercuts Retry-After", () => {
    expect(backoffMs(0, null)).toBe(0);
    expect(backoffMs(1, null)).toBe(60_000);
    expect(backoffMs(2, null)).toBe(120_000);
    expect(backoffMs(3, null)).toBe(240_000);
    expect(backoffMs(9, null)).toBe(256 * 60_000);
    expect(backoffMs(10, null)).toBe(6 * 3600_000);
    expect(backoffMs(10_000, null)).toBe(6 * 3600_000);
    expect(backoffMs(1, 300_000)).toBe(300_000);
    expect(backoffMs(5, 1_000)).toBe(960_000);
    expect(backoffMs(20, 8 * 3600_000)).toBe(8 * 3600_000);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2024-08-18T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Sun, 18 Aug 2024 00:01:30 GMT", now)).toBe(90_000);
    expect(parseRetryAfter("Sat, 17 Aug 2024 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

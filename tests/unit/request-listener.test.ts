import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestListener } from "@/server/request-listener";

// What reaches the app of the forwarded headers: a client's own are never
// believed unless a trusted proxy is in front (TRUST_PROXY=1), which writes them.

const servers: Server[] = [];
async function serve(trustProxy: boolean): Promise<string> {
  const server = createServer(
    requestListener({
      trustProxy,
      lastStorageFailure: () => 0,
      render: async (req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ for: req.headers["x-forwarded-for"], host: req.headers["x-forwarded-host"] ?? null, proto: req.headers["x-forwarded-proto"] ?? null }));
      },
    }),
  );
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
let direct = "";
let proxied = "";
beforeAll(async () => {
  direct = await serve(false);
  proxied = await serve(true);
});
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));

const spoofed = { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-port": "8443" };

describe("forwarded headers", () => {
  it("replaces the client's address and drops its forwarded host, port and protocol when no proxy is trusted", async () => {
    const seen = await (await fetch(`${direct}/api/v1/echo`, { headers: spoofed })).json();
    expect(seen).toEqual({ for: "127.0.0.1", host: null, proto: null });
  });

  it("keeps what a trusted proxy wrote", async () => {
    const seen = await (await fetch(`${proxied}/api/v1/echo`, { headers: spoofed })).json();
    expect(seen).toEqual({ for: "203.0.113.7", host: "evil.example", proto: "https" });
  });
});

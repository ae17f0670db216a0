import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOutagesWith503, OUTAGE_WINDOW_MS } from "@/server/outage-status";

// A real HTTP server whose "render" answers the status the path asks for,
// as Next does, behind the server entry's outage rewrite.
let server: Server;
let base = "";
let lastFailure = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    answerOutagesWith503(req, res, () => lastFailure);
    const status = Number(/status=(\d+)/.exec(req.url!)?.[1] ?? 200);
    if (req.url!.includes("implicit")) {
      // Headers sent by the first write, as a streamed page sends them.
      res.statusCode = status;
      res.write("<html>");
      res.end("</html>");
    } else {
      res.writeHead(status, { "content-type": "text/html" });
      res.end("<html></html>");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("pages during a storage outage", () => {
  it("answers a page that failed while the database was failing with 503 and Retry-After", async () => {
    lastFailure = Date.now();
    for (const path of ["/?status=500", "/map?status=500&implicit"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
    }
  });

  it("leaves a page's 500 alone when the database has not failed lately", async () => {
    lastFailure = Date.now() - OUTAGE_WINDOW_MS - 1000;
    expect((await fetch(`${base}/?status=500`)).status).toBe(500);
    lastFailure = 0;
    expect((await fetch(`${base}/?status=500&implicit`)).status).toBe(500);
  });

  it("leaves other answers and the API's own errors alone during an outage", async () => {
    lastFailure = Date.now();
    expect((await fetch(`${base}/?status=200`)).status).toBe(200);
    expect((await fetch(`${base}/nowhere?status=404`)).status).toBe(404);
    const api = await fetch(`${base}/api/v1/timeline?status=500`);
    expect(api.status).toBe(500);
    expect(api.headers.get("retry-after")).toBeNull();
  });
});

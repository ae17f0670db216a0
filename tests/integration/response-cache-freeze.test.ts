import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAIT_MS } from "@/server/response-cache";

// Issue: a reader who gave up while a shared read rendered froze the whole
// server (the cache's waiters span on a settled promise). The server's own
// request path runs in a child process (tests/support/slow-render-server.ts)
// so that a freeze shows here as requests that time out.

let child: ChildProcess;
let base = "";

beforeAll(async () => {
  child = spawn(process.execPath, ["--import", "tsx", "tests/support/slow-render-server.ts"], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  base = `http://127.0.0.1:${line.toString().trim()}`;
});
afterAll(() => {
  child.kill("SIGKILL");
});

const get = (path: string, timeoutMs: number) => fetch(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });

/** Probes /api/health every 100 ms until stopped; counts the probes that got no answer within a second. */
function probeHealth() {
  let stopped = false;
  const result = { answered: 0, missed: 0 };
  const loop = (async () => {
    while (!stopped) {
      await get("/api/health", 1000).then(
        () => result.answered++,
        () => result.missed++,
      );
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { stop: async () => ((stopped = true), await loop, result) };
}

describe("the shared micro-cache when readers give up", () => {
  it("serves every waiting reader and stays responsive after the first reader disconnects", async () => {
    const health = probeHealth();
    // The first reader starts the render (1.5 s) and gives up after 200 ms.
    await expect(get("/api/v1/meta", 200)).rejects.toThrow();
    const waiting = await Promise.all(Array.from({ length: 5 }, () => get("/api/v1/meta", 8000).then(async (r) => ({ status: r.status, body: await r.json() }))));
    for (const answer of waiting) expect(answer).toEqual({ status: 200, body: { path: "/api/v1/meta", render: 1 } });
    // The abandoned render was kept: the next reader gets it from the cache.
    const again = await get("/api/v1/meta", 2000);
    expect(again.headers.get("x-dw-cache")).toBe("hit");
    expect((await (await get("/api/renders", 1000)).json())["/api/v1/meta"]).toBe(1);
    const probes = await health.stop();
    expect(probes.missed).toBe(0);
    expect(probes.answered).toBeGreaterThan(5);
  });

  it("stops waiting for a render that never ends, and renders for itself", async () => {
    const health = probeHealth();
    await expect(get("/api/v1/meta?hang", 200)).rejects.toThrow();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 3 }, () => get("/api/v1/meta?hang", WAIT_MS + 5000)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(Date.now() - started).toBeLessThan(WAIT_MS + 4000);
    expect((await health.stop()).missed).toBe(0);
  });
});

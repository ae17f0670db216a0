import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageKey, serveCached } from "@/server/response-cache";

// A real HTTP server whose "render" counts its calls, behind the cache.
let server: Server;
let base = "";
const renders = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) =>
    void serveCached(req, res, async (r, s) => {
      renders.set(r.url!, (renders.get(r.url!) ?? 0) + 1);
      await new Promise((done) => setTimeout(done, 30));
      if (r.url!.includes("cookie")) s.setHeader("set-cookie", "session=abc");
      if (r.url!.includes("locale")) s.setHeader("set-cookie", "NEXT_LOCALE=en; Path=/");
      if (r.url!.includes("meta")) s.setHeader("cache-control", "public, max-age=3600, stale-while-revalidate=86400");
      if (r.url!.includes("timeline")) s.setHeader("cache-control", "no-store");
      s.statusCode = r.url!.includes("missing") ? 404 : 200;
      s.setHeader("content-type", "text/plain");
      s.write("rendered ");
      s.end(`${r.url} #${renders.get(r.url!)}`);
    }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

describe("the shared micro-cache of rendered reads", () => {
  it("renders a dashboard page once for many concurrent readers", async () => {
    const bodies = await Promise.all(Array.from({ length: 20 }, () => get("/service/whatsapp?window=6h").then((r) => r.text())));
    expect(renders.get("/service/whatsapp?window=6h")).toBe(1);
    expect(new Set(bodies)).toEqual(new Set(["rendered /service/whatsapp?window=6h #1"]));
    const again = await get("/service/whatsapp?window=6h");
    expect(again.headers.get("x-dw-cache")).toBe("hit");
  });

  it("tells shared caches in front (nginx, a CDN) they may keep a public read for 10 s, and nothing else", async () => {
    const page = await get("/incidents/12");
    expect(page.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=30");
    const kept = await get("/incidents/12");
    expect(kept.headers.get("x-dw-cache")).toBe("hit");
    expect(kept.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=30");
    const api = await get("/api/v1/incidents?status=ongoing");
    expect(api.headers.get("cache-control")).toContain("s-maxage=10");
    // Personal, failed or unshared answers keep what the route said.
    expect((await get("/area/lahore?cookie=2")).headers.get("cache-control")).toBeNull();
    expect((await get("/area/missing?x=2")).headers.get("cache-control")).toBeNull();
    expect((await get("/report?x=2")).headers.get("cache-control")).toBeNull();
    expect((await get("/admin")).headers.get("cache-control")).toBeNull();
    // A route's own no-store gives way; a route that asked to be kept longer (reference lists) keeps its own.
    expect((await get("/api/v1/timeline?cc=1")).headers.get("cache-control")).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=30");
    expect((await get("/api/v1/meta")).headers.get("cache-control")).toBe("public, max-age=3600, stale-while-revalidate=86400");
  });

  it("keeps apart what the language routing answers differently, and nothing else of Accept-Language", () => {
    expect(languageKey("ur-PK,ur;q=0.9,en;q=0.8")).toBe("ur");
    expect(languageKey("en-GB,en;q=0.9,ur;q=0.5")).toBe("");
    expect(languageKey("de-DE,de;q=0.9")).toBe("");
    expect(languageKey("")).toBe("");
    // Urdu named after another language: the routing may pick it, so that header is its own key.
    expect(languageKey("fr,ur")).toBe("fr,ur");
  });

  it("shares read API answers too", async () => {
    await get("/api/v1/timeline?isp=zong");
    await get("/api/v1/timeline?isp=zong");
    expect(renders.get("/api/v1/timeline?isp=zong")).toBe(1);
  });

  it("shares the embeds, badges and oEmbed answers every reader of a story asks for", async () => {
    for (const path of ["/embed/service/whatsapp?lang=ur", "/badge/isp/zong.svg", "/oembed?url=x"]) {
      await get(path);
      const again = await get(path);
      expect(renders.get(path), path).toBe(1);
      expect(again.headers.get("cache-control"), path).toContain("s-maxage=10");
    }
  });

  it("answers the reads bench's static ceiling page from the cache as it does the pages, and only that path of the bench", async () => {
    await get("/api/bench/static");
    expect((await get("/api/bench/static")).headers.get("x-dw-cache")).toBe("hit");
    expect(renders.get("/api/bench/static")).toBe(1);
    await get("/api/bench/static?x=1");
    await get("/api/bench/static?x=1");
    expect(renders.get("/api/bench/static?x=1")).toBe(2);
  });

  it("never shares the report page, whose form carries a per-visitor key", async () => {
    await get("/report");
    await get("/report");
    await get("/ur/report");
    await get("/ur/report");
    expect(renders.get("/report")).toBe(2);
    expect(renders.get("/ur/report")).toBe(2);
  });

  it("never shares writes, health checks or client-side navigations", async () => {
    await fetch(`${base}/api/v1/reports`, { method: "POST", body: "{}" });
    await fetch(`${base}/api/v1/reports`, { method: "POST", body: "{}" });
    await get("/api/health");
    await get("/api/health");
    await get("/isp/zong", { rsc: "1" });
    await get("/isp/zong", { rsc: "1" });
    expect(renders.get("/api/v1/reports")).toBe(2);
    expect(renders.get("/api/health")).toBe(2);
    expect(renders.get("/isp/zong")).toBe(2);
  });

  it("keeps nothing that sets a cookie other than the page's language, and no error", async () => {
    await get("/area/lahore?cookie=1");
    await get("/area/lahore?cookie=1");
    expect(renders.get("/area/lahore?cookie=1")).toBe(2);
    await get("/area/lahore?locale=1");
    await get("/area/lahore?locale=1");
    expect(renders.get("/area/lahore?locale=1")).toBe(1);
    await get("/area/missing");
    await get("/area/missing");
    expect(renders.get("/area/missing")).toBe(2);
  });

  it("keeps languages and encodings apart", async () => {
    await get("/?x=lang", { cookie: "NEXT_LOCALE=ur" });
    await get("/?x=lang", { cookie: "NEXT_LOCALE=en" });
    await get("/?x=lang", { cookie: "NEXT_LOCALE=en" });
    expect(renders.get("/?x=lang")).toBe(2);
  });
});

import { randomUUID } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getBadge } from "@/app/badge/[kind]/[file]/route";
import { GET as getEmbed } from "@/app/embed/[kind]/[slug]/route";
import { GET as getOembed } from "@/app/oembed/route";
import { bulkInsertReports, rebuildRollup } from "@/db/bulk-load";
import type { DetectedEpisode } from "@/db/detection/detect-scopes";
import { storeIncidents } from "@/db/detection/store-incidents";
import { GroupCommit } from "@/db/ingest";
import * as cached from "@/db/queries/cached";
import { incidents } from "@/db/schema";
import { parseFilters } from "@/lib/filters";
import { parseReport } from "@/lib/reports/report-schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, validReport } from "@/tests/support/reports";

// The embeds as a newsroom meets them: the card in an <iframe>, the badge in
// an <img>, the oEmbed answer WordPress asks for when a link is pasted.
//
// One report eight days ago starts the data, so every scope has a typical
// count (0, band top 3: the six previous days' fallback). Then, in the last
// 40 minutes, twelve people report WhatsApp on Jazz: seven in Karachi South
// (Sindh), five in Lahore — a problem for WhatsApp and Jazz (> 3 and ≥ 10),
// "more than usual" for Sindh and Lahore (> 3 but < 10). YouTube has two
// reports three hours ago and none now: normal.
const NOW = Date.now();
const MIN = 60_000;
// The twelve fall inside the current clock hour, however early in it the
// test runs: their minutes are squeezed into the part of the hour gone by.
const squeeze = Math.min(1, Math.max(0.001, ((NOW % 3600_000) / MIN - 0.05) / 40));
const now = [
  ...Array.from({ length: 7 }, (_, i) => ({ area: "karachi-south", ago: (2 + 5 * i) * squeeze })),
  ...Array.from({ length: 5 }, (_, i) => ({ area: "lahore", ago: (3 + 6 * i) * squeeze })),
].map((f) => ({ ...f, isp: "jazz", service: "whatsapp" }));
const earlier = [0, 1].map(() => ({ area: "islamabad", isp: "ptcl", service: "youtube", ago: 180 }));

const embed = (path: string) => {
  const [kind, slug] = path.split("?")[0]!.split("/").slice(2);
  return getEmbed(getRequest(path), { params: Promise.resolve({ kind: kind!, slug: slug! }) });
};
const badge = (path: string) => {
  const [kind, file] = path.split("?")[0]!.split("/").slice(2);
  return getBadge(getRequest(path), { params: Promise.resolve({ kind: kind!, file: file! }) });
};
const oembed = (query: string) => getOembed(getRequest(`/oembed?${query}`));

describe.each(DRIVERS)("embeds on %s", (driver) => {
  let t: TestDatabase;
  let incidentId = 0;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const old = new Date(NOW - 8 * 24 * 3600_000);
    // The live path takes reports at most 72 hours old: the first one goes in through the loader.
    await bulkInsertReports(t.handle.db, [
      { receivedAt: old, observedAt: old, area: "quetta", isp: "telenor", service: "vpn", connection: "mobile", problem: "other", source: "import", clientKey: "k", idempotencyKey: randomUUID() },
    ]);
    await rebuildRollup(t.handle.db);
    const commit = new GroupCommit(t.handle.db);
    for (const f of [...now, ...earlier]) {
      const parsed = parseReport(validReport({ area: f.area, isp: f.isp, service: f.service, observedAt: new Date(NOW - f.ago * MIN).toISOString() }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      // A crowd, one client each: the counting rules (lib/abuse) would fold one client's repeats.
      await commit.submit({ report: parsed.report, source: "api", clientKey: randomUUID() });
    }
    await storeIncidents(t.handle.db, [episode("service-isp", "whatsapp|jazz")], NOW - 3600_000, NOW);
    incidentId = (await t.handle.db.select({ id: incidents.id }).from(incidents))[0]!.id;
  });
  afterAll(async () => t?.drop());

  describe("the card", () => {
    it("shows the status, the last hour against typical, and links back to its page and the report form", async () => {
      const res = await embed("/embed/service/whatsapp");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const page = await res.text();
      expect(page).toMatch(/^<!doctype html>/);
      expect(page).toContain('<html lang="en" dir="ltr">');
      expect(page).toContain('data-level="problem"');
      expect(page).toContain("12 reports in the last hour");
      expect(page).toContain('href="/service/whatsapp" target="_top" rel="noopener"');
      expect(page).toContain('href="/report" target="_top" rel="noopener"');
      // All twelve came this hour: its bar, drawn apart while the hour is still filling.
      expect(page).toContain('<path class="partial"');
    });

    it("runs nothing, and may be framed by any site", async () => {
      const res = await embed("/embed/service/whatsapp");
      expect(await res.text()).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
      const policy = res.headers.get("content-security-policy") ?? "";
      expect(policy).toContain("frame-ancestors *");
      expect(policy).toContain("default-src 'none'");
      expect(policy).not.toMatch(/script-src/);
      expect(res.headers.get("x-frame-options")).toBeNull();
    });

    it("counts as the status tables do", async () => {
      const page = await (await embed("/embed/isp/jazz")).text();
      const row = (await cached.statuses(parseFilters(new URLSearchParams({ isp: "jazz" })), "isp")).find((r) => r.key === "jazz")!;
      expect(row.level).toBe("problem");
      expect(page).toContain(`data-current="${row.current}"`);
      expect(page).toContain('data-level="problem"');
    });

    it("takes a province whole, and says a quiet service is normal", async () => {
      const sindh = await (await embed("/embed/area/sindh")).text();
      expect(sindh).toContain('data-level="elevated"');
      expect(sindh).toContain('data-current="7"');
      expect(await (await embed("/embed/area/lahore")).text()).toContain('data-current="5"');
      const youtube = await (await embed("/embed/service/youtube")).text();
      expect(youtube).toContain('data-level="normal"');
      expect(youtube).toContain("0 reports in the last hour");
      // Its two reports of three hours ago: a whole hour's bar on the chart.
      expect(youtube).toContain('<path class="bars"');
    });

    it("speaks Urdu, right to left, with Urdu links, when asked with ?lang=ur", async () => {
      const page = await (await embed("/embed/service/whatsapp?lang=ur")).text();
      expect(page).toContain('<html lang="ur" dir="rtl">');
      expect(page).toContain("واٹس ایپ");
      expect(page).toContain("مسئلہ");
      expect(page).toContain('href="/ur/service/whatsapp"');
      expect(page).toContain('href="/ur/report"');
    });

    it("answers an unknown kind or slug with a small 404 page", async () => {
      for (const path of ["/embed/service/nosuch", "/embed/planet/earth", "/embed/area/whatsapp"]) {
        const res = await embed(path);
        expect(res.status).toBe(404);
        expect(res.headers.get("content-type")).toContain("text/html");
        expect(await res.text()).toContain("No such service, provider or area.");
      }
    });
  });

  describe("the badge", () => {
    const parse = (svg: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg) as { svg: Record<string, unknown> };

    it("is an SVG 1.1 image with its size, a title and the status in words", async () => {
      const res = await badge("/badge/service/whatsapp.svg");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/svg+xml");
      const svg = await res.text();
      expect(XMLValidator.validate(svg)).toBe(true);
      const root = parse(svg).svg;
      expect(root.xmlns).toBe("http://www.w3.org/2000/svg");
      expect(Number(root.width)).toBeGreaterThan(60);
      expect(root.height).toBe("20");
      expect(root.title).toBe("WhatsApp: problem");
      expect(svg).toContain("#b3261e");
      expect(svg).not.toMatch(/<script|\son[a-z]+=/i);
    });

    it("has the words of each level, in Urdu too", async () => {
      expect(parse(await (await badge("/badge/area/lahore.svg")).text()).svg.title).toBe("Lahore: more than usual");
      expect(parse(await (await badge("/badge/service/youtube.svg")).text()).svg.title).toBe("YouTube: normal");
      const urdu = await (await badge("/badge/service/whatsapp.svg?lang=ur")).text();
      expect(XMLValidator.validate(urdu)).toBe(true);
      expect(parse(urdu).svg.title).toBe("واٹس ایپ: مسئلہ");
    });

    it("is a plain 404 for an unknown kind, slug or file", async () => {
      for (const path of ["/badge/service/nosuch.svg", "/badge/service/whatsapp.png", "/badge/planet/earth.svg"]) {
        const res = await badge(path);
        expect(res.status).toBe(404);
        expect(res.headers.get("content-type")).toContain("text/plain");
      }
    });
  });

  describe("oEmbed", () => {
    const url = (path: string) => encodeURIComponent(`http://localhost${path}`);
    type Answer = { type: string; version: string; html: string; width: number; height: number; title: string; provider_name: string; provider_url: string; cache_age: number };

    it("answers a page's link with a rich iframe of its card", async () => {
      const res = await oembed(`url=${url("/service/whatsapp")}&format=json`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Answer;
      expect(body).toMatchObject({ type: "rich", version: "1.0", provider_name: "Disruption Watch", provider_url: "http://localhost/", width: 400, height: 236 });
      expect(body.title).toBe("WhatsApp: reports of internet disruptions");
      expect(body.cache_age).toBeGreaterThan(0);
      expect(body.html).toBe(
        '<iframe src="http://localhost/embed/service/whatsapp" width="400" height="236" title="WhatsApp: reports of internet disruptions" loading="lazy" style="border:0;max-width:100%" frameborder="0" scrolling="no"></iframe>',
      );
    });

    it("keeps within maxwidth and maxheight, and carries the page's language", async () => {
      const body = (await (await oembed(`url=${url("/ur/area/lahore")}&maxwidth=300&maxheight=180`)).json()) as Answer;
      expect([body.width, body.height]).toEqual([300, 180]);
      expect(body.html).toContain('src="http://localhost/embed/area/lahore?lang=ur"');
      expect(body.html).toContain('width="300" height="180"');
      expect(body.provider_name).toBe("ڈسرپشن واچ");
    });

    it("answers an incident's link with its primary scope's card", async () => {
      const body = (await (await oembed(`url=${url(`/incidents/${incidentId}`)}`)).json()) as Answer;
      expect(body.html).toContain('src="http://localhost/embed/service/whatsapp"');
      expect(body.title).toBe(`Incident ${incidentId}: WhatsApp on Jazz`);
      expect((await oembed(`url=${url("/incidents/99999")}`)).status).toBe(404);
    });

    it("refuses another site's link, another page and an unknown slug (404)", async () => {
      for (const link of ["https://example.org/service/whatsapp", "http://localhost/map", "http://localhost/service/nosuch", "not a url", "javascript:alert(1)"]) {
        const res = await oembed(`url=${encodeURIComponent(link)}`);
        expect(res.status, link).toBe(404);
        expect(((await res.json()) as { error: { field: string } }).error.field).toBe("url");
      }
    });

    it("asks for the url (400), serves no XML (501) and wants sizes in pixels (400)", async () => {
      const missing = await oembed("format=json");
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { error: { field: string } }).error.field).toBe("url");
      expect((await oembed(`url=${url("/service/whatsapp")}&format=xml`)).status).toBe(501);
      expect((await oembed(`url=${url("/service/whatsapp")}&maxwidth=wide`)).status).toBe(400);
    });
  });
});

/** An incident's episode as a detection run hands it over: started 30 minutes ago, still going. */
function episode(kind: DetectedEpisode["kind"], key: string): DetectedEpisode {
  const start = NOW - 30 * MIN - ((NOW - 30 * MIN) % (5 * MIN));
  return {
    kind,
    key,
    start,
    end: null,
    openedAt: start + 10 * MIN,
    lastUnusual: start + 25 * MIN,
    reports: 12,
    expected: 1,
    peakAt: start + 5 * MIN,
    peakCount: 5,
    peakExpected: 0.2,
  };
}

import { randomUUID } from "node:crypto";
import { count, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/reports/route";
import { GET as getMeta } from "@/app/api/v1/meta/route";
import { reports } from "@/db/schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { postReport, validReport } from "@/tests/support/reports";

type ErrorBody = { error: { code: string; message: string; field?: string } };

describe.each(DRIVERS)("POST /api/v1/reports on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
  });
  afterAll(async () => t?.drop());

  const stored = async () => Number((await t.handle.db.select({ n: count() }).from(reports))[0]?.n ?? 0);

  it("answers 201 with id, receivedAt and nearby", async () => {
    const res = await POST(postReport(validReport()));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: number; receivedAt: string; nearby: number };
    expect(body.id).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(body.receivedAt))).toBe(false);
    expect(body.nearby).toBeGreaterThanOrEqual(0);
  });

  it("stores one report when the same clientReportId arrives twice", async () => {
    const before = await stored();
    const clientReportId = randomUUID();
    const first = await POST(postReport(validReport({ clientReportId })));
    const again = await POST(postReport(validReport({ clientReportId })));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: number }).id).toBe(((await first.json()) as { id: number }).id);
    expect(await stored()).toBe(before + 1);
  });

  const badFields: [string, Record<string, unknown>, string][] = [
    ["a missing area", { area: undefined }, "area"],
    ["an unknown district", { area: "atlantis" }, "area"],
    ["a province instead of a district", { area: "sindh" }, "area"],
    ["an unknown ISP", { isp: "starlink-pk" }, "isp"],
    ["a connection that is neither mobile nor fixed", { connection: "satellite" }, "connection"],
    ["an unknown service", { service: "myspace" }, "service"],
    ["an unknown problem", { problem: "aliens" }, "problem"],
    ["a report from the future", { observedAt: new Date(Date.now() + 3600_000).toISOString() }, "observedAt"],
    ["a report older than 72 hours", { observedAt: new Date(Date.now() - 73 * 3600_000).toISOString() }, "observedAt"],
    ["a time without a zone", { observedAt: "2024-11-21 07:10" }, "observedAt"],
    ["a location outside the district's province", { location: { lat: 31.52, lon: 74.35 } }, "location"],
    ["a speed below zero", { speedKbps: -1 }, "speedKbps"],
    ["a comment over 500 characters", { comment: "x".repeat(501) }, "comment"],
    ["a complaint number over 40 characters", { complaintRef: "P".repeat(41) }, "complaintRef"],
    ["a comment holding a NUL character, which PostgreSQL cannot store", { comment: "voice\u0000notes" }, "comment"],
    ["a clientReportId that is not a UUID", { clientReportId: "abc" }, "clientReportId"],
    ["viaVpn that is not a boolean", { viaVpn: "yes" }, "viaVpn"],
    ["a field reports do not have", { ip: "1.2.3.4" }, "ip"],
    ["a probe of a domain no service has", { probes: [{ domain: "example.org", ok: true, ms: 10 }] }, "probes.0.domain"],
    ["more than ten probes", { probes: Array.from({ length: 11 }, () => ({ domain: "google.com", ok: true, ms: 10 })) }, "probes"],
  ];

  it.each(badFields)("rejects %s with a 400 naming the field, and stores nothing", async (_, change, field) => {
    const before = await stored();
    const res = await POST(postReport({ ...validReport(), ...change }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.field).toBe(field);
    expect(body.error.message).toContain(field);
    expect(await stored()).toBe(before);
  });

  it("records a report sent by a device's offline queue as source offline, any other as api", async () => {
    const queuedId = randomUUID();
    const directId = randomUUID();
    expect((await POST(postReport(validReport({ clientReportId: queuedId }), { headers: { "x-report-source": "offline" } }))).status).toBe(201);
    expect((await POST(postReport(validReport({ clientReportId: directId }), { headers: { "x-report-source": "web" } }))).status).toBe(201);
    const rows = await t.handle.db
      .select({ key: reports.idempotencyKey, source: reports.source })
      .from(reports)
      .where(inArray(reports.idempotencyKey, [queuedId, directId]));
    expect(Object.fromEntries(rows.map((r) => [r.key, r.source]))).toEqual({ [queuedId]: "offline", [directId]: "api" });
  });

  it("stores the connection measurement sent with a report: the download rate and each domain's reach test", async () => {
    const clientReportId = randomUUID();
    const probes = [
      { domain: "whatsapp.com", ok: false, ms: 5000 },
      { domain: "google.com", ok: true, ms: 212 },
    ];
    expect((await POST(postReport(validReport({ clientReportId, speedKbps: 96, probes })))).status).toBe(201);
    const [row] = await t.handle.db
      .select({ speedKbps: reports.speedKbps, probes: reports.probes })
      .from(reports)
      .where(inArray(reports.idempotencyKey, [clientReportId]));
    expect(row).toEqual({ speedKbps: 96, probes });
  });

  it("rejects a body that is not JSON with 400, the wrong media type with 415, and over 16 KiB with 413", async () => {
    const before = await stored();
    expect((await POST(postReport(null, { raw: "{not json" }))).status).toBe(400);
    expect((await POST(postReport(validReport(), { headers: { "content-type": "text/plain" } }))).status).toBe(415);
    const big = await POST(postReport(null, { raw: JSON.stringify({ ...validReport(), comment: "x".repeat(17_000) }) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as ErrorBody).error.code).toBe("payload_too_large");
    expect((await POST(postReport(null, { raw: "[1,2]" }))).status).toBe(400);
    expect(await stored()).toBe(before);
  });
});

describe("GET /api/v1/meta", () => {
  it("lists the area tree, ISPs, services, connections and problems in English and Urdu", async () => {
    const body = (await getMeta().json()) as {
      areas: { slug: string; nameUr: string; districts: { slug: string }[] }[];
      isps: { slug: string }[];
      services: { slug: string }[];
      connections: { slug: string }[];
      problems: { slug: string; nameEn: string; nameUr: string }[];
    };
    expect(body.areas).toHaveLength(7);
    expect(body.areas.flatMap((a) => a.districts)).toHaveLength(160);
    expect(body.areas.find((a) => a.slug === "sindh")?.districts.map((d) => d.slug)).toContain("karachi-south");
    expect(body.isps.map((i) => i.slug)).toEqual(expect.arrayContaining(["zong", "jazz", "telenor", "ufone", "ptcl", "nayatel", "stormfiber"]));
    expect(body.services[0]?.slug).toBe("internet");
    expect(body.connections.map((c) => c.slug)).toEqual(["mobile", "fixed"]);
    expect(body.problems.map((p) => p.slug)).toEqual(["no_connection", "slow", "media_fails", "calls_fail", "vpn_blocked", "site_blocked", "other"]);
    expect(body.problems.every((p) => p.nameUr && p.nameUr !== p.nameEn)).toBe(true);
  });
});

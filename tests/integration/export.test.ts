import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getBreakdown } from "@/app/api/v1/breakdown/route";
import { GET as getExport } from "@/app/api/v1/export/route";
import { rebuildRollup } from "@/db/bulk-load";
import { GroupCommit } from "@/db/ingest";
import { reports } from "@/db/schema";
import { EXPORT_COLUMNS } from "@/lib/export/columns";
import { parseReport } from "@/lib/reports/report-schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, validReport } from "@/tests/support/reports";

const NOW = Date.now();
const HOUR = 3600_000;
const FROM = new Date(NOW - 71 * HOUR).toISOString();
const TO = new Date(NOW + 60_000).toISOString();
const fixtures = [
  { area: "karachi-south", isp: "zong", service: "whatsapp", connection: "mobile", problem: "media_fails", ago: 0.2, comment: "voice notes stuck, call me on 0300" },
  { area: "karachi-south", isp: "jazz", service: "whatsapp", connection: "mobile", problem: "media_fails", ago: 0.3, complaintRef: "PTA-7654321" },
  { area: "karachi-east", isp: "ptcl", service: "youtube", connection: "fixed", problem: "slow", ago: 1.5 },
  { area: "lahore", isp: "zong", service: "vpn", connection: "mobile", problem: "vpn_blocked", ago: 5.2 },
  { area: "lahore", isp: "nayatel", service: "vpn", connection: "fixed", problem: "vpn_blocked", ago: 5.3 },
  { area: "islamabad", isp: "jazz", service: "whatsapp", connection: "mobile", problem: "calls_fail", ago: 30 },
  { area: "quetta", isp: "telenor", service: "internet", connection: "mobile", problem: "no_connection", ago: 60 },
  { area: "hyderabad", isp: "zong", service: "whatsapp", connection: "mobile", problem: "media_fails", ago: 2 },
] as const;
type Fixture = (typeof fixtures)[number];
const SINDH = new Set(["karachi-south", "karachi-east", "hyderabad"]);
const CLIENT_KEY = "client-key-never-exported";

const sha256 = (body: Buffer) => createHash("sha256").update(body);

describe.each(DRIVERS)("GET /api/v1/export on %s", (driver) => {
  let t: TestDatabase;
  // The fixture each stored report came from, by id; the hyderabad report is
  // made a duplicate, which is stored but never counted.
  const byId = new Map<number, Fixture>();
  let duplicateId = 0;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const ingest = new GroupCommit(t.handle.db);
    for (const [i, { ago, ...f }] of fixtures.entries()) {
      const parsed = parseReport(validReport({ ...f, observedAt: new Date(NOW - ago * HOUR).toISOString() }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      // One reporter each: one client's repeats would be duplicates by rule.
      const { id } = await ingest.submit({ report: parsed.report, source: "api", clientKey: `${CLIENT_KEY}-${i}` });
      byId.set(id, { ...f, ago } as Fixture);
      if (f.area === "hyderabad") duplicateId = id;
    }
    await t.handle.db.update(reports).set({ status: "duplicate" }).where(eq(reports.id, duplicateId));
    await rebuildRollup(t.handle.db);
  });
  afterAll(async () => t?.drop());

  const counted = (keep: (f: Fixture) => boolean) => [...byId].filter(([id, f]) => id !== duplicateId && keep(f)).map(([id]) => id).sort((a, b) => a - b);
  const breakdownTotal = async (query: string) => {
    const rows = (await (await getBreakdown(getRequest(`/api/v1/breakdown?dimension=isp&from=${FROM}&to=${TO}&${query}`))).json()) as { count: number }[];
    return rows.reduce((n, r) => n + r.count, 0);
  };
  const download = async (query: string) => {
    const res = await getExport(getRequest(`/api/v1/export?from=${FROM}&to=${TO}&${query}`));
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };

  it("sends a CSV whose Digest header is the SHA-256 of the body, and that a standard parser reads", async () => {
    const { res, body } = await download("format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("digest")).toBe(`sha-256=${sha256(body).digest("base64")}`);
    expect(res.headers.get("content-digest")).toBe(`sha-256=:${sha256(body).digest("base64")}:`);
    expect(res.headers.get("x-content-sha256")).toBe(sha256(body).digest("hex"));
    expect(res.headers.get("content-length")).toBe(String(body.length));
    expect(res.headers.get("cache-control")).toContain("no-transform");
    const rows = parse(body, { columns: true, bom: false, record_delimiter: "\r\n" }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(EXPORT_COLUMNS.map((c) => c.csv));
    expect(rows.map((r) => Number(r.id))).toEqual(expect.arrayContaining(counted(() => true)));
    expect(rows).toHaveLength(counted(() => true).length);
    expect(rows).toHaveLength(await breakdownTotal(""));
    expect(res.headers.get("x-export-rows")).toBe(String(rows.length));
    const lahore = rows.find((r) => r.area === "lahore" && r.isp === "zong")!;
    expect(lahore).toMatchObject({ area_name: "Lahore", province: "punjab", connection: "mobile", problem: "vpn_blocked", status: "counted", source: "api", comment: "" });
  });

  it.each([
    ["isp=zong", (f: Fixture) => f.isp === "zong"],
    ["area=sindh", (f: Fixture) => SINDH.has(f.area)],
    ["connection=fixed&problem=slow", (f: Fixture) => f.connection === "fixed" && f.problem === "slow"],
    ["service=whatsapp&service=vpn", (f: Fixture) => f.service === "whatsapp" || f.service === "vpn"],
  ])("filters by %s exactly as the charts count", async (query, keep) => {
    const { body } = await download(`format=csv&${query}`);
    const rows = parse(body, { columns: true }) as { id: string }[];
    expect(rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(counted(keep));
    expect(rows).toHaveLength(await breakdownTotal(query));
  });

  it("sends JSON with the same rows, anonymised: no client key, comment or complaint number", async () => {
    const { res, body } = await download("format=json");
    expect(res.headers.get("digest")).toBe(`sha-256=${sha256(body).digest("base64")}`);
    const text = body.toString("utf8");
    const doc = JSON.parse(text) as { export: { include: string }; reports: Record<string, unknown>[]; count: number };
    expect(doc.export.include).toBe("counted");
    expect(doc.count).toBe(counted(() => true).length);
    expect(doc.reports.map((r) => r.id)).not.toContain(duplicateId);
    for (const r of doc.reports) expect(Object.keys(r)).toEqual(EXPORT_COLUMNS.map((c) => c.json));
    const commented = doc.reports.find((r) => r.commentSha256 !== null)!;
    expect(commented.comment).toBeNull();
    expect(commented.commentSha256).toMatch(/^[0-9a-f]{64}$/);
    // Not the plain hash of the text: a salted commitment cannot be guessed.
    expect(commented.commentSha256).not.toBe(createHash("sha256").update(fixtures[0].comment).digest("hex"));
    for (const secret of [CLIENT_KEY, "voice notes", "0300", "PTA-7654321"]) expect(text).not.toContain(secret);
    const csv = (await download("format=csv")).body.toString("utf8");
    for (const secret of [CLIENT_KEY, "voice notes", "PTA-7654321"]) expect(csv).not.toContain(secret);
  });

  it("gives the same bytes and digest for the same closed window asked twice", async () => {
    const a = await download("format=csv&isp=zong");
    const b = await download("format=csv&isp=zong");
    expect(a.res.headers.get("digest")).toBe(b.res.headers.get("digest"));
    expect(a.body.equals(b.body)).toBe(true);
  });

  it.each([
    ["format=xml", "format"],
    ["include=everything", "include"],
    ["isp=starlink", "isp"],
    ["area=atlantis", "area"],
    ["connection=wifi", "connection"],
    ["format=csv&include=all", "format"],
    ["format=json&include=all&service=vpn", "service"],
  ])("answers %s with a 400 naming %s", async (query, field) => {
    const res = await getExport(getRequest(`/api/v1/export?${query}`));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
  });

  it("refuses a window of more than 31 days, naming from", async () => {
    const res = await getExport(getRequest(`/api/v1/export?from=2024-10-01T00:00:00Z&to=2024-11-02T00:00:00Z`));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe("from");
    expect(body.error.message).toContain("31 days");
  });
});

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getExport } from "@/app/api/v1/export/route";
import { GET as getSeals } from "@/app/api/v1/seals/route";
import { GET as getSealFeed } from "@/app/seals.xml/route";
import { bulkInsertReports, rebuildRollup, type BulkReport } from "@/db/bulk-load";
import { sealFinishedHours, sealHoursEmbeddedJob, sealHoursJob } from "@/db/jobs/seal-hours";
import { hourContents } from "@/db/seals/hour-contents";
import { chain } from "@/lib/seals/seal-hash";
import { runJobOnce } from "@/db/jobs/scheduler";
import { auditLog, reports, seals } from "@/db/schema";
import { verifyDatabase } from "@/db/seals/verify-database";
import { verifyExportFile } from "@/lib/seals/verify-export";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest } from "@/tests/support/reports";

const H = 3600_000;
const H0 = Date.parse("2024-11-20T00:00:00Z");
const hour = (n: number) => new Date(H0 + n * H).toISOString();
const ZEROS = "0".repeat(64);
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

// Reports received at known times: 3 in hour 0, 2 in hour 1, none in hour 2,
// one in the last millisecond of hour 3.
const received = [0.1, 0.2, 0.9, 1.05, 1.5, 3 + (H - 1) / H];
const fixture = (at: number, i: number): BulkReport => ({
  receivedAt: new Date(H0 + at * H),
  observedAt: new Date(H0 + at * H - 600_000),
  area: i % 2 ? "lahore" : "karachi-south",
  isp: "zong",
  service: "whatsapp",
  connection: "mobile",
  problem: "media_fails",
  comment: i === 1 ? "private words" : null,
  source: "web",
  clientKey: `client-key-${i}`,
  idempotencyKey: `00000000-0000-4000-8000-00000000000${i}`,
});

type SealRow = { hour: string; version: 1 | 2; reports: number; auditEntries: number; statements: number; content: string; sha256: string; prev: string };

describe.each(DRIVERS)("hourly seals on %s", (driver) => {
  let t: TestDatabase;
  let ids: number[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-seals-test-"));
  const db = () => t.handle.db;
  const sealRows = async () => (await (await getSeals(getRequest("/api/v1/seals"))).json()) as SealRow[];

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    await bulkInsertReports(db(), received.map(fixture));
    await rebuildRollup(db());
    ids = (await db().select({ id: reports.id }).from(reports).orderBy(reports.receivedAt)).map((r) => r.id);
    // Rate limited at ingest: sealed with that status.
    await db().update(reports).set({ status: "rate_limited" }).where(eq(reports.id, ids[2]!));
    await db().insert(auditLog).values({ at: new Date(H0 + 1.5 * H), actor: "moderator-1", action: "note", reason: "checked", details: { b: 2, a: [1, { d: 1, c: 0 }] } });
  });
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("seals each finished hour only after its grace, oldest first, empty hours included, each chained to the one before", async () => {
    // Hour 3 ended at 04:00; two minutes of grace have not passed at 04:01.
    expect((await sealFinishedHours(db(), new Date(H0 + 4 * H + 60_000))).sealed).toBe(3);
    expect((await sealFinishedHours(db(), new Date(H0 + 5 * H + 3 * 60_000))).sealed).toBe(2);
    const rows = await sealRows();
    expect(rows.map((s) => [s.hour, s.reports, s.auditEntries])).toEqual([
      [hour(0), 3, 0],
      [hour(1), 2, 1],
      [hour(2), 0, 0],
      [hour(3), 1, 0],
      [hour(4), 0, 0],
    ]);
    expect(rows[0]!.prev).toBe(ZEROS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev).toBe(rows[i - 1]!.sha256);
    // The definition, written out (lib/seals/seal-hash.ts, lib/seals/canonical.ts).
    expect(rows[2]!.content).toBe(sha256(""));
    const last = (await db().select().from(reports).where(eq(reports.id, ids[5]!)))[0]!;
    const line = JSON.stringify([
      "report", last.id, "2024-11-20T03:59:59.999Z", "2024-11-20T03:49:59.999Z", "lahore", "zong", "whatsapp", "mobile", "media_fails",
      null, null, null, null, "web", "counted", null, null,
    ]);
    expect(rows[3]!.content).toBe(sha256(line + "\n"));
    const s = rows[3]!;
    // Sealed now, so seal version 2: the statements counted too (none here).
    expect([s.version, s.statements]).toEqual([2, 0]);
    expect(s.sha256).toBe(sha256(`disruption-watch seal v2\n${s.hour}\n1\n0\n0\n${s.content}\n${s.prev}\n`));
  });

  it("seals an hour once: a second run and the scheduled job change nothing", async () => {
    const before = await sealRows();
    expect((await sealFinishedHours(db(), new Date(H0 + 5 * H + 3 * 60_000))).sealed).toBe(0);
    expect(await runJobOnce(db(), sealHoursJob, new Date(H0 + 5 * H + 30 * 60_000))).toBe(true);
    expect(await sealRows()).toEqual(before);
  });

  it("answers GET /api/v1/seals for a window, and 400 naming a bad time", async () => {
    const rows = (await (await getSeals(getRequest(`/api/v1/seals?from=${hour(1)}&to=${hour(3)}`))).json()) as SealRow[];
    expect(rows.map((s) => s.hour)).toEqual([hour(1), hour(2)]);
    const bad = await getSeals(getRequest("/api/v1/seals?from=monday"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("from");
  });

  it("publishes the newest seals as an Atom feed, newest first", async () => {
    const res = await getSealFeed(getRequest("/seals.xml"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await res.text();
    const rows = await sealRows();
    const ids = [...xml.matchAll(/<id>urn:disruption-watch:seal:([^<]+)<\/id>/g)].map((m) => m[1]);
    expect(ids).toEqual(rows.map((s) => s.hour).reverse());
    expect(xml).toContain(`sha256 ${rows[0]!.sha256}`);
  });

  it("still verifies after a moderator voids a report: the voiding is an audit entry, sealed in its own hour", async () => {
    await db().update(reports).set({ status: "voided" }).where(eq(reports.id, ids[0]!));
    await db().insert(auditLog).values({ at: new Date(H0 + 5.2 * H), actor: "moderator-1", action: "void", reportId: ids[0]!, reason: "spam" });
    await sealFinishedHours(db(), new Date(H0 + 6 * H + 5 * 60_000));
    const rows = await sealRows();
    expect(rows.at(-1)).toMatchObject({ hour: hour(5), reports: 0, auditEntries: 1 });
    expect(await verifyDatabase(db())).toMatchObject({ ok: true, hours: 6 });
  });

  it("names the first hour that no longer matches when a sealed report or audit entry is changed in the database", async () => {
    await db().update(reports).set({ isp: "jazz" }).where(eq(reports.id, ids[4]!));
    await db().execute(sql`update audit_log set reason = 'edited' where action = 'void'`);
    expect(await verifyDatabase(db())).toMatchObject({ ok: false, mismatch: { hour: hour(1) } });
    await db().update(reports).set({ isp: "zong" }).where(eq(reports.id, ids[4]!));
    expect(await verifyDatabase(db())).toMatchObject({ ok: false, mismatch: { hour: hour(5), reason: expect.stringContaining("differ") } });
    await db().execute(sql`update audit_log set reason = 'spam' where action = 'void'`);
    // A report slipped into a sealed hour, or a duplicate made to count.
    await db().update(reports).set({ status: "counted" }).where(eq(reports.id, ids[2]!));
    expect(await verifyDatabase(db())).toMatchObject({ ok: false, mismatch: { hour: hour(0) } });
    await db().update(reports).set({ status: "rate_limited" }).where(eq(reports.id, ids[2]!));
    // A seal rewritten breaks the chain at the next hour.
    const [third] = await db().select().from(seals).where(eq(seals.hour, new Date(hour(3))));
    await db().update(seals).set({ sha256: "f".repeat(64) }).where(eq(seals.hour, new Date(hour(3))));
    expect(await verifyDatabase(db())).toMatchObject({ ok: false, mismatch: { hour: hour(3) } });
    await db().update(seals).set({ sha256: third!.sha256 }).where(eq(seals.hour, new Date(hour(3))));
    expect(await verifyDatabase(db())).toMatchObject({ ok: true });
  });

  it("exports the sealed record with every sealed field, and verify recomputes its seals from the file", async () => {
    const res = await getExport(getRequest(`/api/v1/export?format=json&include=all&from=${hour(0)}&to=${hour(6)}`));
    expect(res.status).toBe(200);
    const text = await res.text();
    const doc = JSON.parse(text) as { reports: { id: number; status: string; commentSha256: string | null }[]; auditEntries: unknown[]; seals: SealRow[]; count: number };
    expect(doc.reports.map((r) => r.id)).toEqual(ids);
    expect(doc.reports.map((r) => r.status)).toEqual(["counted", "counted", "rate_limited", "counted", "counted", "counted"]);
    expect(doc.reports[1]!.commentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.count).toBe(6);
    expect(doc.auditEntries).toHaveLength(2);
    expect(doc.seals).toEqual(await sealRows());
    expect(text).not.toContain("private words");
    expect(text).not.toContain("client-key");

    const file = path.join(dir, "sealed.json");
    fs.writeFileSync(file, text);
    expect(await verifyExportFile(file)).toMatchObject({ ok: true, hours: 6, reports: 6, auditEntries: 2 });
    // Re-indented by some tool: still read.
    fs.writeFileSync(path.join(dir, "pretty.json"), JSON.stringify(doc, null, 2));
    expect(await verifyExportFile(path.join(dir, "pretty.json"))).toMatchObject({ ok: true, hours: 6 });

    // One report of hour 3 edited in the file.
    const tampered = text.replace(/("id":\d+,"receivedAt":"2024-11-20T03:59:59.999Z".*?"area":)"lahore"/, '$1"quetta"');
    expect(tampered).not.toBe(text);
    fs.writeFileSync(path.join(dir, "tampered.json"), tampered);
    expect(await verifyExportFile(path.join(dir, "tampered.json"))).toMatchObject({ ok: false, mismatch: { hour: hour(3) } });

    // The export's seals against an archived copy in which hour 4 differs.
    const archived = doc.seals.map((s) => (s.hour === hour(4) ? { ...s, sha256: "0".repeat(64) } : s));
    expect(await verifyExportFile(file, archived)).toMatchObject({ ok: false, mismatch: { hour: hour(4), reason: expect.stringContaining("archived") } });
  });

  it("npm run verify names the first hour that no longer matches, with exit code 1", async () => {
    const run = promisify(execFile);
    const script = ["--conditions=react-server", "scripts/verify.ts"];
    const ok = await run("npx", ["tsx", ...script, path.join(dir, "sealed.json")]);
    expect(ok.stdout).toContain("OK: all 6 sealed hours match");
    const failed = await run("npx", ["tsx", ...script, path.join(dir, "tampered.json")]).catch((e: { code: number; stdout: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect(failed.stdout).toContain(`first hour that no longer matches is ${hour(3)}`);
  });
});

// The embedded database's seal job (db/jobs/index.ts picks it for PGlite):
// a backlog sealed an hour per transaction chains exactly as one transaction
// sealing it all would.
describe.each(DRIVERS)("the embedded seal job on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    // A report every five hours for three days and a bit.
    await bulkInsertReports(t.handle.db, Array.from({ length: 16 }, (_, i) => ({ ...fixture(i * 5 + 0.5, i), idempotencyKey: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}` })));
  });
  afterAll(async () => t?.drop());

  it("ends a catch-up after its hour when the server stops; the next run goes on from there", async () => {
    const now = new Date(H0 + 80 * H + 5 * 60_000);
    expect(await runJobOnce(t.handle.db, sealHoursEmbeddedJob, now, AbortSignal.abort())).toBe(true);
    expect((await t.handle.db.select().from(seals)).length).toBe(1);
  });

  it("seals three days of backlog in one run, an hour per transaction, chained as one pass would chain them", async () => {
    const now = new Date(H0 + 80 * H + 5 * 60_000);
    expect(await runJobOnce(t.handle.db, sealHoursEmbeddedJob, now)).toBe(true);
    const rows = await t.handle.db.select().from(seals).orderBy(seals.hour);
    expect(rows.length).toBe(80);
    expect(rows.reduce((n, r) => n + r.reports, 0)).toBe(16);
    const once = chain(await hourContents(t.handle.db, new Date(H0), new Date(H0 + 80 * H)), ZEROS);
    expect(rows.map((r) => r.sha256)).toEqual(once.map((s) => s.sha256));
    expect(await verifyDatabase(t.handle.db)).toMatchObject({ ok: true, hours: 80 });
  });
});

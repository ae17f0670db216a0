import { createHash, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getExport, HEAD as headExport } from "@/app/api/v1/export/route";
import { addAccount } from "@/db/admin/accounts";
import { bulkInsertReports, rebuildRollup } from "@/db/bulk-load";
import { getExportDigest } from "@/db/queries/export-digest";
import { getLedger } from "@/db/queries/ledger";
import { reviewComment } from "@/db/moderation/review-comment";
import { voidReport } from "@/db/moderation/void-report";
import { keptFigures, reports } from "@/db/schema";
import { keptKey } from "@/lib/evidence/closed-window";
import { parseFilters } from "@/lib/filters";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest } from "@/tests/support/reports";

// A closed window (ended more than 72 hours ago) streams at once and keeps
// its digest; a kept digest goes in front of the next download and into the
// brief, until moderation touches a report observed in the window.

const HOUR = 3600_000;
const NOW = Date.now();
const FROM = new Date(Math.floor(NOW / HOUR) * HOUR - 10 * 24 * HOUR);
const TO = new Date(FROM.getTime() + 5 * 24 * HOUR);
const WINDOW = `from=${FROM.toISOString()}&to=${TO.toISOString()}`;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.each(DRIVERS)("a closed window's export on %s", (driver) => {
  let t: TestDatabase;
  let moderator = 0;
  const inside: number[] = [];
  let outside = 0;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const at = (ms: number, i: number, comment: string | null = null) => ({
      receivedAt: new Date(ms + 60_000),
      observedAt: new Date(ms),
      area: i % 2 ? "lahore" : "karachi-south",
      isp: i % 3 ? "jazz" : "zong",
      service: "whatsapp",
      connection: "mobile" as const,
      problem: "media_fails" as const,
      comment,
      source: "web" as const,
      clientKey: `closed-${i}`,
      idempotencyKey: randomUUID(),
    });
    // 12,000 reports in the window (a few pages of the export) and one after it.
    await bulkInsertReports(t.handle.db, function* () {
      for (let i = 0; i < 12_000; i++) yield at(FROM.getTime() + i * 30_000, i, i === 7 ? "no voice notes since noon" : null);
      yield at(TO.getTime() + HOUR, 12_000);
    }());
    await rebuildRollup(t.handle.db);
    const ids = await t.handle.db.select({ id: reports.id, observedAt: reports.observedAt }).from(reports).orderBy(reports.id);
    for (const r of ids) (r.observedAt < TO ? inside : []).push(r.id);
    outside = ids.find((r) => r.observedAt >= TO)!.id;
    moderator = (await addAccount(t.handle.db, "export-moderator", "a long enough passphrase")).id;
  });
  afterAll(async () => t?.drop());

  const download = async (query: string) => {
    const res = await getExport(getRequest(`/api/v1/export?${WINDOW}&${query}`));
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };
  const keptRows = async () => t.handle.db.select().from(keptFigures);

  it("streams the first download at once, without a digest, and keeps the digest of what it sent", async () => {
    const { res, body } = await download("format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-export-digest")).toBe("pending");
    expect(res.headers.get("digest")).toBeNull();
    expect(body.toString("utf8").trimEnd().split("\r\n")).toHaveLength(1 + inside.length);
    const [kept] = await keptRows();
    expect(kept).toMatchObject({ key: keptKey("export.csv", parseFilters(new URLSearchParams(WINDOW))), value: { sha256: sha256(body), bytes: body.length, rows: inside.length } });
  });

  it("sends the kept digest and length in front of the next download, over the same bytes", async () => {
    const first = await download("format=csv");
    expect(first.res.headers.get("x-export-digest")).toBe("kept");
    expect(first.res.headers.get("x-content-sha256")).toBe(sha256(first.body));
    expect(first.res.headers.get("digest")).toBe(`sha-256=${Buffer.from(sha256(first.body), "hex").toString("base64")}`);
    expect(first.res.headers.get("content-length")).toBe(String(first.body.length));
    expect(first.res.headers.get("x-export-rows")).toBe(String(inside.length));
    // The same export asked with its filters in another order finds it too.
    const again = await download("format=csv&isp=zong,jazz");
    expect(again.res.headers.get("x-export-digest")).toBe("pending");
    const reordered = await download("format=csv&isp=jazz,zong");
    expect(reordered.res.headers.get("x-export-digest")).toBe("kept");
    expect(reordered.body.equals(again.body)).toBe(true);
  });

  it("answers HEAD with the digest and no body, keeping it for a format not yet downloaded", async () => {
    const res = await headExport(getRequest(`/api/v1/export?${WINDOW}&format=json`));
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
    const { res: got, body } = await download("format=json");
    expect(got.headers.get("x-export-digest")).toBe("kept");
    expect(res.headers.get("x-content-sha256")).toBe(sha256(body));
    expect(res.headers.get("content-length")).toBe(String(body.length));
  });

  it("gives the brief the kept digest of its CSV export", async () => {
    const filters = parseFilters(new URLSearchParams(WINDOW));
    const kept = (await keptRows()).find((r) => r.key === keptKey("export.csv", filters))!;
    expect(await getExportDigest(t.handle.db, filters)).toEqual(kept.value);
  });

  it("keeps it through moderation of a report outside the window, drops it when a report inside is voided", async () => {
    const filters = parseFilters(new URLSearchParams(WINDOW));
    const before = (await download("format=csv")).body;
    expect(await voidReport(t.handle.db, { reportId: outside, reason: "a test from the team", accountId: moderator })).toMatchObject({ ok: true });
    expect((await download("format=csv")).res.headers.get("x-export-digest")).toBe("kept");

    expect(await voidReport(t.handle.db, { reportId: inside[100]!, reason: "a test from the team", accountId: moderator })).toMatchObject({ ok: true });
    const after = await download("format=csv");
    expect(after.res.headers.get("x-export-digest")).toBe("pending");
    expect(after.body.toString("utf8").trimEnd().split("\r\n")).toHaveLength(inside.length);
    expect(sha256(after.body)).not.toBe(sha256(before));
    expect((await getExportDigest(t.handle.db, filters))?.sha256).toBe(sha256(after.body));

    // Publishing a comment changes the export too (the comment column).
    expect(await reviewComment(t.handle.db, { reportId: inside[7]!, state: "published", accountId: moderator })).toMatchObject({ ok: true });
    const published = await download("format=csv");
    expect(published.res.headers.get("x-export-digest")).toBe("pending");
    expect(published.body.toString("utf8")).toContain("no voice notes since noon");
  });

  it("fails a download whose bytes differ from the kept digest, and forgets that digest", async () => {
    const key = keptKey("export.csv", parseFilters(new URLSearchParams(WINDOW)));
    await download("format=csv");
    const [row] = await t.handle.db.select().from(keptFigures).where(eq(keptFigures.key, key));
    await t.handle.db.update(keptFigures).set({ value: { ...(row!.value as object), sha256: "0".repeat(64) } }).where(eq(keptFigures.key, key));
    const res = await getExport(getRequest(`/api/v1/export?${WINDOW}&format=csv`));
    expect(res.headers.get("x-export-digest")).toBe("kept");
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(await t.handle.db.select().from(keptFigures).where(eq(keptFigures.key, key))).toEqual([]);
  });

  it("keeps the ledger of a closed window, and counts it again after a void", async () => {
    const filters = parseFilters(new URLSearchParams(WINDOW));
    const before = await getLedger(t.handle.db, filters);
    expect((await keptRows()).find((r) => r.key === keptKey("ledger", filters))?.value).toEqual(before);
    expect(await voidReport(t.handle.db, { reportId: inside[200]!, reason: "a test from the team", accountId: moderator })).toMatchObject({ ok: true });
    const after = await getLedger(t.handle.db, filters);
    expect(after.counted).toBe(before.counted - 1);
    expect(after.notCounted.voided).toBe(before.notCounted.voided + 1);
  });

  it("keeps no digest for a window that is still open", async () => {
    await t.handle.db.execute(sql`delete from kept_figures`);
    const open = `from=${new Date(NOW - 24 * HOUR).toISOString()}&to=${new Date(NOW).toISOString()}`;
    const res = await getExport(getRequest(`/api/v1/export?${open}&format=csv`));
    expect(res.headers.get("x-export-digest")).toBe("spooled");
    expect(res.headers.get("digest")).not.toBeNull();
    await res.arrayBuffer();
    expect(await keptRows()).toEqual([]);
  });
});

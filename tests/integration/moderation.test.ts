import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getExport } from "@/app/api/v1/export/route";
import { addAccount } from "@/db/admin/accounts";
import { bulkInsertReports, rebuildRollup } from "@/db/bulk-load";
import { GroupCommit } from "@/db/ingest";
import { foldRollup } from "@/db/jobs/fold-rollup";
import { sealFinishedHours } from "@/db/jobs/seal-hours";
import { reviewComment } from "@/db/moderation/review-comment";
import { voidReport } from "@/db/moderation/void-report";
import { auditEntries } from "@/db/queries/audit-log";
import { getBreakdown } from "@/db/queries/breakdown";
import { incidentComments } from "@/db/queries/incidents";
import { getLedger } from "@/db/queries/ledger";
import { getMapAreas } from "@/db/queries/map";
import { commentCounts, commentQueue } from "@/db/queries/moderation-queue";
import { getStatuses } from "@/db/queries/status";
import { getTimeline } from "@/db/queries/timeline";
import { auditLog, reportCounts, reportCountsHourly, reports, reportTotals, rollupPending, seals } from "@/db/schema";
import { verifyDatabase } from "@/db/seals/verify-database";
import { DIMENSIONS, type Filters } from "@/lib/filters";
import { seededRandom } from "@/lib/random";
import { expandAreas } from "@/lib/reference";
import { floorToBucket } from "@/lib/reports/buckets";
import { parseReport, type ValidReport } from "@/lib/reports/report-schema";
import type { Connection, Problem } from "@/lib/reports/vocabulary";
import { verifyExportFile } from "@/lib/seals/verify-export";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, validReport } from "@/tests/support/reports";

// Moderation end to end on both databases: publishing and hiding comments
// (the incident page and the exports show exactly the published ones, as
// text), voiding reports (every chart read equals counting the reports
// table, before and after the fold and after a recount), the audit log, and
// the seals, which still verify after voiding.

const HOUR = 3_600_000;
const NOW = Date.now();

function report(overrides: Record<string, unknown>): ValidReport {
  const parsed = parseReport(validReport(overrides));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.report;
}

describe.each(DRIVERS)("moderation on %s", (driver) => {
  let t: TestDatabase;
  let ingest: GroupCommit;
  let moderator: number;
  let clients = 0;
  const db = () => t.handle.db;
  // Each report from a reporter of its own: one client's repeats are duplicates by rule.
  const submit = (r: ValidReport) => ingest.submit({ report: r, source: "api", clientKey: `reporter-${clients++}` });

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    ingest = new GroupCommit(db());
    moderator = (await addAccount(db(), "ayesha", "a long enough passphrase")).id;
  });
  afterAll(async () => t?.drop());

  describe("comments", () => {
    const observed = new Date(NOW - HOUR).toISOString();
    const scope = { from: new Date(NOW - 2 * HOUR), to: new Date(NOW + 60_000), services: ["whatsapp"], isps: [], areas: ["sindh"] };
    const texts = ["voice notes stuck since noon", "<script>alert('x')</script> & <b>not bold</b>", "my number is 0300 1234567"];
    let ids: number[] = [];
    let plain = 0;

    beforeAll(async () => {
      ids = [];
      for (const comment of texts) ids.push((await submit(report({ observedAt: observed, comment }))).id);
      plain = (await submit(report({ observedAt: observed }))).id;
    });

    const exported = async () => {
      const res = await getExport(getRequest(`/api/v1/export?format=csv&from=${scope.from.toISOString()}&to=${scope.to.toISOString()}&service=whatsapp`));
      const rows = parse(await res.text(), { columns: true }) as { id: string; comment: string }[];
      return Object.fromEntries(rows.map((r) => [Number(r.id), r.comment]));
    };

    it("keeps every comment in the queue, newest first, and shows none until a moderator publishes it", async () => {
      const page = await commentQueue(db(), "pending");
      expect(page.items.map((i) => i.reportId)).toEqual([...ids].reverse());
      expect(page.items.map((i) => i.comment)).toEqual([...texts].reverse());
      expect(await commentCounts(db())).toEqual({ pending: 3, published: 0, hidden: 0 });
      expect(await incidentComments(db(), scope)).toEqual([]);
      expect(Object.values(await exported()).filter(Boolean)).toEqual([]);
    });

    it("publishes a comment as text on the incident page and in the export; a hidden one never appears", async () => {
      expect(await reviewComment(db(), { reportId: ids[1]!, state: "published", accountId: moderator })).toEqual({ ok: true, changed: true, previous: "pending" });
      expect(await reviewComment(db(), { reportId: ids[2]!, state: "hidden", accountId: moderator })).toEqual({ ok: true, changed: true, previous: "pending" });
      // The text exactly as sent: markup is data, to be shown, never HTML to run.
      expect(await incidentComments(db(), scope)).toEqual([{ t: new Date(observed).toISOString(), comment: texts[1], area: "karachi-south" }]);
      const csv = await exported();
      expect(csv[ids[1]!]).toBe(texts[1]);
      expect(csv[ids[0]!]).toBe("");
      expect(csv[ids[2]!]).toBe("");
      expect(csv[plain]).toBe("");
      const json = (await (await getExport(getRequest(`/api/v1/export?format=json&from=${scope.from.toISOString()}&to=${scope.to.toISOString()}`))).json()) as { reports: { id: number; comment: string | null }[] };
      expect(json.reports.filter((r) => r.comment !== null)).toEqual([expect.objectContaining({ id: ids[1], comment: texts[1] })]);
      expect(await commentCounts(db())).toEqual({ pending: 1, published: 1, hidden: 1 });
      expect((await commentQueue(db(), "published")).items[0]).toMatchObject({ reportId: ids[1], review: { state: "published", by: "ayesha" } });
      expect((await commentQueue(db(), "pending")).items.map((i) => i.reportId)).toEqual([ids[0]]);
    });

    it("writes one audit entry per decision, by account number, without the comment's text", async () => {
      const entries = (await db().select().from(auditLog).where(sql`${auditLog.action} in ('publish_comment', 'hide_comment')`).orderBy(auditLog.id)).map((e) => ({
        actor: e.actor,
        action: e.action,
        reportId: e.reportId,
        details: e.details,
      }));
      expect(entries).toEqual([
        { actor: `moderator-${moderator}`, action: "publish_comment", reportId: ids[1], details: { from: "pending" } },
        { actor: `moderator-${moderator}`, action: "hide_comment", reportId: ids[2], details: { from: "pending" } },
      ]);
      const all = JSON.stringify(await db().select().from(auditLog));
      for (const text of ["voice notes", "alert", "0300"]) expect(all).not.toContain(text);
    });

    it("changes nothing when the decision is already so, and can be reversed with its own entry", async () => {
      const before = (await db().select({ id: auditLog.id }).from(auditLog)).length;
      expect(await reviewComment(db(), { reportId: ids[1]!, state: "published", accountId: moderator })).toEqual({ ok: true, changed: false, previous: "published" });
      expect((await db().select({ id: auditLog.id }).from(auditLog)).length).toBe(before);
      // Undo: hide the published one. It leaves the page and the export at once.
      expect(await reviewComment(db(), { reportId: ids[1]!, state: "hidden", accountId: moderator })).toEqual({ ok: true, changed: true, previous: "published" });
      expect(await incidentComments(db(), scope)).toEqual([]);
      expect((await exported())[ids[1]!]).toBe("");
      const [last] = (await auditEntries(db())).items;
      expect(last).toMatchObject({ action: "hide_comment", reportId: ids[1], username: "ayesha", details: { from: "published" } });
      // And publish it again.
      await reviewComment(db(), { reportId: ids[1]!, state: "published", accountId: moderator });
      expect((await incidentComments(db(), scope)).map((c) => c.comment)).toEqual([texts[1]]);
    });

    it("refuses a report that is not there or has no comment, and publishing a voided report's comment", async () => {
      expect(await reviewComment(db(), { reportId: 999_999, state: "published", accountId: moderator })).toEqual({ ok: false, reason: "not_found" });
      expect(await reviewComment(db(), { reportId: plain, state: "published", accountId: moderator })).toEqual({ ok: false, reason: "no_comment" });
      expect(await voidReport(db(), { reportId: ids[0]!, reason: "a test report from the team", accountId: moderator })).toEqual({ ok: true, auditId: expect.any(Number) });
      expect(await reviewComment(db(), { reportId: ids[0]!, state: "published", accountId: moderator })).toEqual({ ok: false, reason: "voided" });
      expect(await reviewComment(db(), { reportId: ids[0]!, state: "hidden", accountId: moderator })).toMatchObject({ ok: true, changed: true });
    });
  });

  describe("voiding", () => {
    it("voids only counted reports, once, with the reason in the audit log", async () => {
      const { id } = await submit(report({ observedAt: new Date(NOW - 3 * HOUR).toISOString(), area: "quetta", service: "youtube" }));
      // The same reporter, district and service again: a duplicate by rule, stored but not counted.
      const again = report({ observedAt: new Date(NOW - 3 * HOUR).toISOString(), area: "quetta" });
      await ingest.submit({ report: again, source: "api", clientKey: "repeater" });
      const dup = (await ingest.submit({ report: { ...again }, source: "api", clientKey: "repeater" })).id;
      expect((await db().select({ status: reports.status }).from(reports).where(eq(reports.id, dup)))[0]!.status).toBe("duplicate");
      expect(await voidReport(db(), { reportId: dup, reason: "looks fake", accountId: moderator })).toEqual({ ok: false, reason: "not_counted", status: "duplicate" });
      expect(await voidReport(db(), { reportId: 999_999, reason: "looks fake", accountId: moderator })).toEqual({ ok: false, reason: "not_found" });
      const done = await voidReport(db(), { reportId: id, reason: "reported by the team while testing", accountId: moderator });
      expect(done.ok).toBe(true);
      expect(await voidReport(db(), { reportId: id, reason: "again", accountId: moderator })).toEqual({ ok: false, reason: "not_counted", status: "voided" });
      const [row] = await db().select({ status: reports.status }).from(reports).where(eq(reports.id, id));
      expect(row!.status).toBe("voided");
      const entries = await db().select().from(auditLog).where(eq(auditLog.reportId, id));
      expect(entries).toEqual([
        expect.objectContaining({ actor: `moderator-${moderator}`, action: "void", reason: "reported by the team while testing", details: { from: "counted" } }),
      ]);
    });

    it("takes voided reports out of every chart exactly: timeline, breakdowns, map and status equal counting the reports, before and after the fold and after a recount", async () => {
      // 240 reports over the last 30 hours, two thirds folded into the hourly
      // rollup and the totals, the rest still pending.
      const r = seededRandom(6);
      const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
      const made: ValidReport[] = Array.from({ length: 240 }, () =>
        report({
          area: pick(["karachi-south", "karachi-east", "lahore", "quetta", "peshawar"]),
          isp: pick(["zong", "jazz", "ptcl"]),
          service: pick(["whatsapp", "youtube", "internet"]),
          connection: pick<Connection>(["mobile", "fixed"]),
          problem: pick<Problem>(["slow", "media_fails", "no_connection"]),
          // Half in the last hour, so the status (the last hour) sees voiding too.
          observedAt: new Date(NOW - (r() < 0.5 ? r() * 55 * 60_000 : r() * 30 * HOUR)).toISOString(),
        }),
      );
      const ids: number[] = [];
      for (const [i, x] of made.entries()) {
        ids.push((await submit(x)).id);
        if (i === 160) await foldRollup(db());
      }
      await check("before voiding");
      // Void 40: some already folded, some pending.
      const chosen = ids.filter((_, i) => i % 6 === 0);
      for (const id of chosen) expect((await voidReport(db(), { reportId: id, reason: "flood from a test script", accountId: moderator })).ok).toBe(true);
      await check("after voiding, before the fold");
      expect(await foldRollup(db())).toBeGreaterThan(0);
      await check("after the fold");
      // A recount from the reports gives the same reads.
      await rebuildRollup(db());
      await check("after a recount");
      // No rollup row below zero, no empty 5-minute row left behind.
      for (const table of [reportCounts, reportCountsHourly, reportTotals]) {
        const [m] = await db().select({ min: sql<number>`min(${table.count})` }).from(table);
        expect(Number(m!.min)).toBeGreaterThanOrEqual(table === reportCounts ? 1 : 0);
      }
      expect(Number((await db().select({ n: sql<number>`count(*)::int` }).from(rollupPending))[0]!.n)).toBe(0);
      // The ledger names them: stored, not counted, voided.
      const ledger = await getLedger(db(), { from: new Date(NOW - 31 * HOUR), to: new Date(NOW + 60_000), areas: [], isps: [], services: [], connections: [], problems: [] });
      expect(ledger.notCounted.voided).toBeGreaterThanOrEqual(chosen.length);
    }, 180_000);

    /** Every read a chart makes, against the counted reports themselves. */
    async function check(label: string) {
      const counted = await db()
        .select({ observedAt: reports.observedAt, area: reports.area, isp: reports.isp, service: reports.service, connection: reports.connection, problem: reports.problem })
        .from(reports)
        .where(eq(reports.status, "counted"));
      const cases: Partial<Filters>[] = [{}, { services: ["whatsapp"] }, { areas: ["sindh"] }, { isps: ["zong"], connections: ["mobile"] }];
      for (const f of cases) {
        const filters: Filters = { from: new Date(NOW - 31 * HOUR), to: new Date(NOW + 60_000), areas: [], isps: [], services: [], connections: [], problems: [], ...f };
        const areas = new Set(expandAreas(filters.areas));
        const inScope = counted.filter(
          (x) =>
            floorToBucket(x.observedAt).getTime() >= floorToBucket(filters.from).getTime() &&
            x.observedAt < filters.to &&
            (!areas.size || areas.has(x.area)) &&
            (!filters.isps.length || filters.isps.includes(x.isp)) &&
            (!filters.services.length || filters.services.includes(x.service)) &&
            (!filters.connections.length || filters.connections.includes(x.connection)),
        );
        const tally = (key: (x: (typeof counted)[number]) => string | number, rows = inScope) => {
          const out: Record<string, number> = {};
          for (const x of rows) out[String(key(x))] = (out[String(key(x))] ?? 0) + 1;
          return out;
        };
        const where = `${label}, ${JSON.stringify(f)}`;
        // Timeline, by hour and by 5 minutes.
        for (const [bucket, ms] of [["1h", HOUR], ["5m", 300_000]] as const) {
          const timeline = await getTimeline(db(), filters, bucket, { timeZone: "UTC", baseline: false });
          const points = Object.fromEntries(timeline.series[0]!.points.filter((p) => p.count !== 0).map((p) => [String(Date.parse(p.t)), p.count]));
          expect(points, `timeline ${bucket} ${where}`).toEqual(tally((x) => Math.floor(x.observedAt.getTime() / ms) * ms));
        }
        // Breakdowns by every dimension.
        for (const dimension of DIMENSIONS) {
          const rows = await getBreakdown(db(), filters, dimension);
          expect(Object.fromEntries(rows.map((b) => [b.key, b.count])), `breakdown ${dimension} ${where}`).toEqual(tally((x) => x[dimension]));
        }
        // The map's districts.
        const map = await getMapAreas(db(), filters, "district");
        expect(Object.fromEntries(map.filter((a) => a.count > 0).map((a) => [a.area, a.count])), `map ${where}`).toEqual(tally((x) => x.area));
        // The status: the last hour.
        const statuses = await getStatuses(db(), filters, "service", { now: new Date(NOW) });
        const lastHour = inScope.filter((x) => floorToBucket(x.observedAt).getTime() >= floorToBucket(new Date(NOW - HOUR)).getTime() && x.observedAt.getTime() < NOW);
        expect(Object.fromEntries(statuses.filter((s) => s.current > 0).map((s) => [s.key, s.current])), `status ${where}`).toEqual(tally((x) => x.service, lastHour));
      }
    }
  });

  // Last: it seals the current hour, after which nothing more may happen in it.
  describe("seals", () => {
    it("still verify after voiding: the sealed report keeps its status, the voiding is an audit entry sealed in its own hour", async () => {
      const hourStart = Math.floor(NOW / HOUR) * HOUR;
      // Reports received three hours ago, one with a comment; sealed.
      const old = hourStart - 3 * HOUR;
      await bulkInsertReports(
        db(),
        [0, 1, 2].map((i) => ({
          receivedAt: new Date(old + i * 60_000),
          observedAt: new Date(old + i * 60_000 - 300_000),
          area: "lahore",
          isp: "jazz",
          service: "whatsapp",
          connection: "mobile" as const,
          problem: "calls_fail" as const,
          comment: i === 0 ? "calls drop after ten seconds" : null,
          source: "web" as const,
          clientKey: `sealed-${i}`,
          idempotencyKey: `00000000-0000-4000-8000-0000000000a${i}`,
        })),
      );
      await rebuildRollup(db());
      const [first] = await db().select({ id: reports.id }).from(reports).where(eq(reports.clientKey, "sealed-0"));
      const [second] = await db().select({ id: reports.id }).from(reports).where(eq(reports.clientKey, "sealed-1"));
      await sealFinishedHours(db(), new Date(hourStart + 3 * 60_000));
      const sealedBefore = await db().select().from(seals).where(eq(seals.hour, new Date(old)));
      expect(sealedBefore[0]?.reports).toBe(3);
      expect(await verifyDatabase(db())).toMatchObject({ ok: true });

      // Moderate reports of that sealed hour now.
      expect((await voidReport(db(), { reportId: second!.id, reason: "sent by a bot", accountId: moderator })).ok).toBe(true);
      expect((await reviewComment(db(), { reportId: first!.id, state: "published", accountId: moderator })).ok).toBe(true);
      expect(await verifyDatabase(db())).toMatchObject({ ok: true });
      expect(await db().select().from(seals).where(eq(seals.hour, new Date(old)))).toEqual(sealedBefore);

      // Seal the current hour too (the entries' hour): still all verified, every entry in a seal.
      await sealFinishedHours(db(), new Date(hourStart + HOUR + 3 * 60_000));
      expect(await verifyDatabase(db())).toMatchObject({ ok: true });
      const [totals] = await db().select({ entries: sql<number>`sum(${seals.auditEntries})::int` }).from(seals);
      expect(Number(totals!.entries)).toBe((await db().select({ id: auditLog.id }).from(auditLog)).length);

      // The sealed record verifies from its file alone, shows the voided
      // report as sealed ("counted"), the voiding and its reason, and the
      // published comment as text.
      const res = await getExport(getRequest(`/api/v1/export?format=json&include=all&from=${new Date(old).toISOString()}&to=${new Date(hourStart + HOUR).toISOString()}`));
      const text = await res.text();
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dw-moderation-")), "sealed.json");
      fs.writeFileSync(file, text);
      expect(await verifyExportFile(file)).toMatchObject({ ok: true });
      const doc = JSON.parse(text) as { reports: { id: number; status: string; comment: string | null }[]; auditEntries: { action: string; reportId: number | null; reason: string | null; actor: string }[] };
      expect(doc.reports.find((x) => x.id === second!.id)?.status).toBe("counted");
      expect(doc.reports.find((x) => x.id === first!.id)?.comment).toBe("calls drop after ten seconds");
      expect(doc.auditEntries).toContainEqual(expect.objectContaining({ action: "void", reportId: second!.id, reason: "sent by a bot", actor: `moderator-${moderator}` }));
      expect(text).not.toContain("ayesha");
    }, 120_000);
  });
});

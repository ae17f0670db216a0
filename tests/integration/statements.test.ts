import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getExport } from "@/app/api/v1/export/route";
import { GET as getIncidentRoute } from "@/app/api/v1/incidents/[id]/route";
import { GET as getFeed } from "@/app/feed.xml/route";
import { addAccount, addIspAccount } from "@/db/admin/accounts";
import { sealFinishedHours } from "@/db/jobs/seal-hours";
import { auditLog, incidents, incidentScopes, ispStatements, seals } from "@/db/schema";
import { hourContents } from "@/db/seals/hour-contents";
import { verifyDatabase } from "@/db/seals/verify-database";
import { editStatement } from "@/db/statements/edit-statement";
import { hideStatement } from "@/db/statements/hide-statement";
import { postStatement, type StatementAccount } from "@/db/statements/post-statement";
import { recentStatements } from "@/db/statements/recent-statements";
import { statementsOf } from "@/db/statements/statements-of";
import { decodeCursor } from "@/lib/moderation/cursor";
import { GENESIS, HOUR_MS, chain, floorToHour } from "@/lib/seals/seal-hash";
import { verifyExportFile } from "@/lib/seals/verify-export";
import type { StatementInput } from "@/lib/statements/statement-input";
import type { PublicStatement } from "@/lib/statements/thread";
import { MAX_STATEMENTS_PER_INCIDENT, MAX_VERSIONS } from "@/lib/statements/statement-errors";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest } from "@/tests/support/reports";

// The ISP's right of reply on both databases: statements posted only on an
// incident that touches the provider's network, edits kept as versions,
// moderation hiding one with an audit entry, and statements sealed in the
// hour they were posted (seal version 2) on top of hours sealed before them
// (version 1), which go on verifying as they did.

const PASSWORD = "a provider's long passphrase";
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
// Ten hours back, on the hour: statements are posted in hour 1 and sealed,
// while the accounts' own audit entries (stamped with the real clock) fall
// hours later, outside what the first seals cover.
const T0 = floorToHour(new Date(Date.now() - 10 * HOUR_MS)).getTime();
const at = (hours: number) => new Date(T0 + hours * HOUR_MS);
const iso = (hours: number) => at(hours).toISOString();

const input = (text: string, extra: Partial<StatementInput> = {}): StatementInput => ({ status: "investigating", text, lang: "en", cause: null, restoredAt: null, ...extra });

describe.each(DRIVERS)("ISP statements on %s", (driver) => {
  let t: TestDatabase;
  let zong: StatementAccount;
  let jazz: StatementAccount;
  let moderatorId: number;
  // On Zong's network; on Jazz's only; on every network (names no provider).
  let onZong: number;
  let onJazz: number;
  let everywhere: number;
  let zongStatement: number;
  let jazzStatement: number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-statements-test-"));
  const db = () => t.handle.db;

  async function storeIncident(scopes: { kind: string; key: string }[]): Promise<number> {
    const start = at(0.5);
    const [row] = await db()
      .insert(incidents)
      .values({ scopeKind: scopes[0]!.kind, scopeKey: scopes[0]!.key, startedAt: start, lastUnusualAt: at(1), reports: 40, expected: 4, peakAt: start, peakCount: 12, peakExpected: 1, updatedAt: start })
      .returning({ id: incidents.id });
    for (const s of scopes) {
      await db().insert(incidentScopes).values({ incidentId: row!.id, ...s, startedAt: start, openedAt: start, lastUnusualAt: at(1), reports: 40, expected: 4, peakAt: start, peakCount: 12, peakExpected: 1 });
    }
    return row!.id;
  }

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    const omar = await addIspAccount(db(), "zong", "omar", PASSWORD);
    const nadia = await addIspAccount(db(), "jazz", "nadia", PASSWORD);
    moderatorId = (await addAccount(db(), "sara", PASSWORD)).id;
    zong = { accountId: omar.id, isp: "zong" };
    jazz = { accountId: nadia.id, isp: "jazz" };
    onZong = await storeIncident([
      { kind: "isp", key: "zong" },
      { kind: "service-isp", key: "whatsapp|zong" },
    ]);
    onJazz = await storeIncident([{ kind: "isp", key: "jazz" }]);
    everywhere = await storeIncident([{ kind: "service", key: "whatsapp" }]);
    // Hour 0 holds a moderation entry and is sealed as it was before
    // statements existed: a version 1 seal, made by the version 1 rule.
    await db().insert(auditLog).values({ at: at(0.3), actor: "moderator-1", action: "note", reason: "checked" });
    const v1 = chain(await hourContents(db(), at(0), at(1)), GENESIS, 1);
    await db()
      .insert(seals)
      .values(v1.map((s) => ({ ...s, hour: new Date(s.hour) })));
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("takes a statement only on an incident that touches the provider's network", async () => {
    zongStatement = (await postStatement(db(), { account: zong, incidentId: onZong, input: input("We are looking into WhatsApp media failures in Lahore.") }, at(1.2))).statementId;
    const urdu = "ہم لاہور میں واٹس ایپ کی خرابی کی تحقیق کر رہے ہیں۔";
    jazzStatement = (await postStatement(db(), { account: jazz, incidentId: everywhere, input: input(urdu, { lang: "ur" }) }, at(1.25))).statementId;

    await expect(postStatement(db(), { account: zong, incidentId: onJazz, input: input("Not ours.") }, at(1.3))).rejects.toMatchObject({ code: "not_your_incident" });
    await expect(postStatement(db(), { account: jazz, incidentId: onZong, input: input("Not ours either.") }, at(1.3))).rejects.toMatchObject({ code: "not_your_incident" });
    await expect(postStatement(db(), { account: zong, incidentId: 999_999, input: input("Nothing there.") }, at(1.3))).rejects.toMatchObject({ code: "incident_not_found" });

    const rows = await db().select().from(ispStatements).orderBy(asc(ispStatements.id));
    expect(rows.map((r) => [r.statementId, r.version, r.incidentId, r.isp, r.postedBy])).toEqual([
      [zongStatement, 1, onZong, "zong", zong.accountId],
      [jazzStatement, 1, everywhere, "jazz", jazz.accountId],
    ]);
    // The first version's id is the statement's id.
    expect(rows[0]!.id).toBe(zongStatement);
    expect((await statementsOf(db(), everywhere))[0]).toMatchObject({ isp: "jazz", latest: { text: urdu, lang: "ur", version: 1 } });
  });

  it("keeps every version: an edit adds a row, and the words before it stay", async () => {
    const restored = at(1.4);
    const edit = input("Fixed: a faulty route in Lahore.", { status: "resolved", cause: "A routing fault", restoredAt: restored });
    expect(await editStatement(db(), { account: zong, statementId: zongStatement, input: edit }, at(1.5))).toMatchObject({ version: 2, changed: true });

    const [thread] = await statementsOf(db(), onZong);
    expect(thread).toMatchObject({ id: zongStatement, isp: "zong", latest: { version: 2, status: "resolved", cause: "A routing fault", restoredAt: restored } });
    expect(thread!.history.map((v) => [v.version, v.text])).toEqual([
      [1, "We are looking into WhatsApp media failures in Lahore."],
      [2, "Fixed: a faulty route in Lahore."],
    ]);
    // The same words again are no new version.
    expect(await editStatement(db(), { account: zong, statementId: zongStatement, input: edit }, at(1.55))).toMatchObject({ version: 2, changed: false });
    expect(await db().select({ n: sql<number>`count(*)::int` }).from(ispStatements).where(eq(ispStatements.statementId, zongStatement))).toEqual([{ n: 2 }]);
  });

  it("lets only the statement's own provider edit it, and refuses one that does not exist", async () => {
    await expect(editStatement(db(), { account: jazz, statementId: zongStatement, input: input("Taken over.") }, at(1.6))).rejects.toMatchObject({ code: "not_your_statement" });
    await expect(editStatement(db(), { account: zong, statementId: 999_999, input: input("Nothing.") }, at(1.6))).rejects.toMatchObject({ code: "statement_not_found" });
    expect((await statementsOf(db(), onZong))[0]!.latest.text).toBe("Fixed: a faulty route in Lahore.");
  });

  it("gives two edits at the same moment a version each, never the same one", async () => {
    const [a, b] = await Promise.all([
      editStatement(db(), { account: zong, statementId: zongStatement, input: input("Monitoring, first word.", { status: "monitoring" }) }, at(1.7)),
      editStatement(db(), { account: zong, statementId: zongStatement, input: input("Monitoring, second word.", { status: "monitoring" }) }, at(1.7)),
    ]);
    expect([a.version, b.version].sort()).toEqual([3, 4]);
    const [thread] = await statementsOf(db(), onZong);
    expect(thread!.history.map((v) => v.version)).toEqual([1, 2, 3, 4]);
  });

  it("hides a statement with a reason and an audit entry; hiding it again changes nothing", async () => {
    const entries = async () => db().select().from(auditLog).where(eq(auditLog.action, "hide_statement"));
    expect(await hideStatement(db(), { moderatorId, statementId: jazzStatement, reason: "names a private person" }, at(1.8))).toEqual({ changed: true });
    const written = await entries();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ actor: `moderator-${moderatorId}`, reason: "names a private person", details: { statement: jazzStatement, isp: "jazz", incident: everywhere } });

    expect(await hideStatement(db(), { moderatorId, statementId: jazzStatement, reason: "again" }, at(1.9))).toEqual({ changed: false });
    expect(await entries()).toHaveLength(1);
    await expect(hideStatement(db(), { moderatorId, statementId: 999_999, reason: "nothing" }, at(1.9))).rejects.toMatchObject({ code: "statement_not_found" });

    const [thread] = await statementsOf(db(), everywhere);
    expect(thread!.hidden).toEqual({ at: at(1.8), reason: "names a private person" });
    await expect(editStatement(db(), { account: jazz, statementId: jazzStatement, input: input("Once more.") }, at(1.95))).rejects.toMatchObject({ code: "hidden" });
  });

  it("answers GET /api/v1/incidents/{id} with the statements: versions and history, a hidden one without its words", async () => {
    const shown = (await (await getIncidentRoute(getRequest(`/api/v1/incidents/${onZong}`), { params: Promise.resolve({ id: String(onZong) }) })).json()) as { statements: PublicStatement[] };
    expect(shown.statements).toHaveLength(1);
    expect(shown.statements[0]).toMatchObject({ id: zongStatement, isp: "zong", status: "monitoring", lang: "en", version: 4, postedAt: iso(1.7) });
    expect(shown.statements[0]!.history.map((v) => v.text)).toContain("We are looking into WhatsApp media failures in Lahore.");
    expect(shown.statements[0]!.history[1]).toMatchObject({ version: 2, cause: "A routing fault", restoredAt: iso(1.4) });

    const hidden = (await (await getIncidentRoute(getRequest(`/api/v1/incidents/${everywhere}`), { params: Promise.resolve({ id: String(everywhere) }) })).json()) as { statements: PublicStatement[] };
    expect(hidden.statements).toEqual([
      { id: jazzStatement, isp: "jazz", status: null, text: null, lang: null, postedAt: iso(1.25), version: 1, hidden: { at: iso(1.8), reason: "names a private person" }, history: [{ version: 1, postedAt: iso(1.25) }] },
    ]);
  });

  it("carries the statements in the incident's Atom entry, escaped, with what a statement is, and a hidden one as hidden", async () => {
    await editStatement(db(), { account: zong, statementId: zongStatement, input: input("Routes <b>restored</b> & monitored.", { status: "monitoring" }) }, at(1.75));
    const xml = await (await getFeed(getRequest(`/feed.xml?from=${iso(0)}&to=${iso(3)}`))).text();
    const entry = (id: number) => xml.slice(xml.indexOf(`<id>http://localhost/incidents/${id}</id>`)).split("</entry>")[0]!;
    expect(entry(onZong)).toContain("Routes &lt;b&gt;restored&lt;/b&gt; &amp; monitored.");
    expect(entry(onZong)).toContain("<strong>Zong</strong> · Monitoring");
    expect(entry(onZong)).toContain("edited (version 5)");
    expect(entry(onZong)).toContain("Disruption Watch has not verified it");
    expect(entry(onZong)).toContain(`<updated>${iso(1.75)}</updated>`);
    expect(entry(everywhere)).toContain("A statement by Jazz was hidden by moderation: names a private person");
    expect(entry(everywhere)).not.toContain("واٹس ایپ");
    expect(entry(onJazz)).not.toContain("<content");
  });

  it("lists the latest version of each statement for moderators, newest first, the hidden one marked", async () => {
    const { items } = await recentStatements(db());
    expect(items.map((s) => [s.statementId, s.version, s.hidden?.reason ?? null])).toEqual([
      [zongStatement, 5, null],
      [jazzStatement, 1, "names a private person"],
    ]);
    const first = await recentStatements(db(), undefined, 1);
    expect(first.items).toHaveLength(1);
    expect((await recentStatements(db(), decodeCursor(first.next), 1)).items.map((s) => s.statementId)).toEqual([jazzStatement]);
  });

  it("seals the statements in the hour they were posted as a version 2 seal, on top of the version 1 hour before", async () => {
    expect((await sealFinishedHours(db(), new Date(at(2).getTime() + 3 * 60_000))).sealed).toBe(1);
    const rows = await db().select().from(seals).orderBy(asc(seals.hour));
    expect(rows.map((s) => [s.hour.toISOString(), s.version, s.reports, s.auditEntries, s.statements])).toEqual([
      [iso(0), 1, 0, 1, 0],
      [iso(1), 2, 0, 0, 6],
    ]);
    // The definition, written out (lib/seals/seal-hash.ts, lib/seals/canonical.ts).
    const versions = await db().select().from(ispStatements).orderBy(asc(ispStatements.postedAt), asc(ispStatements.id));
    const lines = versions.map((v) =>
      JSON.stringify([
        "statement", v.id, v.statementId, v.version, v.incidentId, v.isp, v.status, v.lang, sha256(v.text), v.cause === null ? null : sha256(v.cause),
        v.restoredAt?.toISOString() ?? null, v.postedAt.toISOString(), v.postedBy,
      ]),
    );
    const [v1, v2] = rows;
    expect(v2!.content).toBe(sha256(lines.map((l) => l + "\n").join("")));
    expect(v2!.prev).toBe(v1!.sha256);
    expect(v2!.sha256).toBe(sha256(`disruption-watch seal v2\n${iso(1)}\n0\n0\n6\n${v2!.content}\n${v2!.prev}\n`));
    expect(v1!.sha256).toBe(sha256(`disruption-watch seal v1\n${iso(0)}\n0\n1\n${v1!.content}\n${GENESIS}\n`));
    expect(await verifyDatabase(db())).toEqual({ ok: true, hours: 2, first: iso(0), last: iso(1) });
  });

  it("refuses a statement stamped in an hour already sealed", async () => {
    await expect(postStatement(db(), { account: zong, incidentId: onZong, input: input("Too late.") }, at(1.99))).rejects.toMatchObject({ code: "hour_sealed" });
    expect(await db().select({ n: sql<number>`count(*)::int` }).from(ispStatements)).toEqual([{ n: 6 }]);
  });

  it("names the hour of a statement changed after it was sealed, and still checks the version 1 hour by its own rule", async () => {
    await db().update(ispStatements).set({ text: "We never said there was a fault." }).where(eq(ispStatements.id, zongStatement));
    expect(await verifyDatabase(db())).toMatchObject({ ok: false, mismatch: { hour: iso(1), reason: expect.stringContaining("differ") } });
    await db().update(ispStatements).set({ text: "We are looking into WhatsApp media failures in Lahore." }).where(eq(ispStatements.id, zongStatement));
    // A statement slipped into a sealed hour.
    await db().update(ispStatements).set({ postedAt: at(0.9) }).where(eq(ispStatements.id, jazzStatement));
    expect(await verifyDatabase(db())).toMatchObject({ ok: false, mismatch: { hour: iso(0), reason: expect.stringContaining("version 1") } });
    await db().update(ispStatements).set({ postedAt: at(1.25) }).where(eq(ispStatements.id, jazzStatement));
    await db().execute(sql`update audit_log set reason = 'edited' where action = 'note'`);
    expect(await verifyDatabase(db())).toMatchObject({ ok: false, mismatch: { hour: iso(0) } });
    await db().execute(sql`update audit_log set reason = 'checked' where action = 'note'`);
    expect(await verifyDatabase(db())).toMatchObject({ ok: true, hours: 2 });
  });

  it("exports the statements with the sealed record, a hidden one by its digests only, and verify recomputes every hour from the file", async () => {
    // The hide's audit entry (stamped by the real clock) is sealed in its own hour; nothing sealed before changes.
    await sealFinishedHours(db(), new Date(Date.now() + 2 * HOUR_MS));
    expect(await verifyDatabase(db())).toMatchObject({ ok: true });

    const res = await getExport(getRequest(`/api/v1/export?format=json&include=all&from=${iso(0)}&to=${iso(2)}`));
    expect(res.status).toBe(200);
    const text = await res.text();
    const doc = JSON.parse(text) as { statements: { statementId: number; version: number; text: string | null; textSha256: string; hidden?: boolean }[] };
    expect(doc.statements).toHaveLength(6);
    const hidden = doc.statements.find((s) => s.statementId === jazzStatement)!;
    expect(hidden).toMatchObject({ text: null, cause: null, hidden: true, textSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(text).not.toContain("واٹس ایپ");
    expect(doc.statements.find((s) => s.statementId === zongStatement && s.version === 1)!.text).toBe("We are looking into WhatsApp media failures in Lahore.");

    const file = path.join(dir, "sealed.json");
    fs.writeFileSync(file, text);
    expect(await verifyExportFile(file)).toMatchObject({ ok: true, hours: 2, statements: 6, auditEntries: 1 });
    fs.writeFileSync(path.join(dir, "pretty.json"), JSON.stringify(doc, null, 2));
    expect(await verifyExportFile(path.join(dir, "pretty.json"))).toMatchObject({ ok: true, statements: 6 });

    // A statement reworded in the file: its words no longer match their sealed digest.
    const reworded = text.replace("We are looking into WhatsApp media failures in Lahore.", "All is well.");
    fs.writeFileSync(path.join(dir, "reworded.json"), reworded);
    expect(await verifyExportFile(path.join(dir, "reworded.json"))).toMatchObject({ ok: false, mismatch: { hour: iso(1), reason: expect.stringContaining("digest") } });
  });

  it("caps a provider's statements on one incident, and a statement's versions", async () => {
    // After every hour the tests before sealed.
    const sealedTo = Math.max(...(await db().select({ hour: seals.hour }).from(seals)).map((r) => r.hour.getTime()));
    const now = new Date(sealedTo + HOUR_MS + 60_000);
    const mine = async () => (await statementsOf(db(), onZong)).filter((st) => st.isp === "zong").length;
    let last = 0;
    while ((await mine()) < MAX_STATEMENTS_PER_INCIDENT) last = (await postStatement(db(), { account: zong, incidentId: onZong, input: input("One more word.") }, now)).statementId;
    await expect(postStatement(db(), { account: zong, incidentId: onZong, input: input("Too many.") }, now)).rejects.toMatchObject({ code: "too_many_statements" });
    for (let v = 2; v <= MAX_VERSIONS; v++) await editStatement(db(), { account: zong, statementId: last, input: input(`Edit ${v}.`) }, now);
    await expect(editStatement(db(), { account: zong, statementId: last, input: input("One edit too many.") }, now)).rejects.toMatchObject({ code: "too_many_versions" });
    expect((await statementsOf(db(), onZong)).find((st) => st.id === last)!.latest.version).toBe(MAX_VERSIONS);
  }, 120_000);

});

import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getComments } from "@/app/api/v1/comments/route";
import { GET as getIncidents } from "@/app/api/v1/incidents/route";
import { addAccount, addIspAccount } from "@/db/admin/accounts";
import { moderatorOf } from "@/db/admin/sessions";
import { signIn } from "@/db/admin/sign-in";
import { GroupCommit } from "@/db/ingest";
import { reviewComment } from "@/db/moderation/review-comment";
import { incidentsTouching, reachOf } from "@/db/queries/isp-desk";
import { adminAccounts, auditLog, incidents, incidentScopes, ispOrgs } from "@/db/schema";
import { parseReport } from "@/lib/reports/report-schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { getRequest, validReport } from "@/tests/support/reports";

// The ISP desk's own reads on both databases: staff accounts bound to one
// provider, the incidents that touch a provider's network, and the
// published comments (GET /api/v1/comments), with the API answering as the
// desk shows.

const PASSWORD = "a provider's long passphrase";
const HOUR = 3600_000;

describe.each(DRIVERS)("the ISP desk on %s", (driver) => {
  let t: TestDatabase;
  const now = Date.now();
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
  });
  afterAll(async () => t?.drop());

  it("makes staff accounts bound to one provider, whose sessions say which; an unknown provider writes nothing", async () => {
    const jazz = await addIspAccount(t.handle.db, "jazz", "nadia", PASSWORD);
    const zong = await addIspAccount(t.handle.db, "zong", "omar", PASSWORD);
    const moderator = await addAccount(t.handle.db, "sara", PASSWORD);
    expect([jazz.role, jazz.isp, zong.isp, moderator.role, moderator.isp]).toEqual(["isp", "jazz", "zong", "moderator", null]);
    expect((await t.handle.db.select().from(ispOrgs)).map((o) => o.isp).sort()).toEqual(["jazz", "zong"]);

    const before = await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    await expect(addIspAccount(t.handle.db, "no-such-isp", "ghost", PASSWORD)).rejects.toMatchObject({ code: "no_such_isp" });
    expect(await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(auditLog)).toEqual(before);
    expect(await t.handle.db.select().from(adminAccounts).where(eq(adminAccounts.username, "ghost"))).toEqual([]);
    // The database refuses a staff account without its provider, whatever the code does.
    await expect(t.handle.db.insert(adminAccounts).values({ username: "loose", passwordHash: "x", role: "isp" })).rejects.toThrow();

    const session = await signIn(t.handle.db, { username: "nadia", password: PASSWORD, clientKey: "desk-test" });
    expect(session).toMatchObject({ ok: true, role: "isp" });
    expect(await moderatorOf(t.handle.db, session.ok ? session.token : "")).toMatchObject({ username: "nadia", role: "isp", isp: "jazz" });
    const sara = await signIn(t.handle.db, { username: "sara", password: PASSWORD, clientKey: "desk-test" });
    expect(await moderatorOf(t.handle.db, sara.ok ? sara.token : "")).toMatchObject({ role: "moderator", isp: null });
  }, 60_000);

  it("lists the incidents that touch a provider: named on it, or on no provider; ongoing first; the API's touching= answers the same", async () => {
    const at = (h: number) => new Date(now - h * HOUR);
    const store = async (scopes: { kind: string; key: string }[], startH: number, endH: number | null) => {
      const [row] = await t.handle.db
        .insert(incidents)
        .values({ scopeKind: scopes[0]!.kind, scopeKey: scopes[0]!.key, startedAt: at(startH), endedAt: endH === null ? null : at(endH), lastUnusualAt: at(endH ?? 0.1), reports: 40, expected: 4, peakAt: at(startH - 0.5), peakCount: 12, peakExpected: 1, updatedAt: at(0) })
        .returning({ id: incidents.id });
      for (const s of scopes) {
        await t.handle.db.insert(incidentScopes).values({ incidentId: row!.id, kind: s.kind, key: s.key, startedAt: at(startH), endedAt: endH === null ? null : at(endH), openedAt: at(startH - 0.2), lastUnusualAt: at(endH ?? 0.1), reports: 40, expected: 4, peakAt: at(startH - 0.5), peakCount: 12, peakExpected: 1 });
      }
      return row!.id;
    };
    const onJazz = await store([{ kind: "service-isp", key: "whatsapp|jazz" }], 6, 4);
    const everywhere = await store([{ kind: "service", key: "vpn" }], 10, 8);
    const onZong = await store([{ kind: "isp", key: "zong" }], 3, null);
    const ongoingJazz = await store([{ kind: "district-isp", key: "lahore|jazz" }, { kind: "district", key: "lahore" }], 2, null);

    const window = { from: new Date(now - 24 * HOUR), to: new Date(now), areas: [], isps: [], services: [], connections: [], problems: [] };
    const list = await incidentsTouching(t.handle.db, "jazz", window);
    expect(list.map((i) => i.id)).toEqual([ongoingJazz, onJazz, everywhere]);
    expect(list.map((i) => reachOf(i, "jazz"))).toEqual(["named", "named", "all"]);
    expect((await incidentsTouching(t.handle.db, "zong", window)).map((i) => i.id)).toEqual([onZong, everywhere]);

    const q = `from=${window.from.toISOString()}&to=${window.to.toISOString()}`;
    const res = await getIncidents(getRequest(`/api/v1/incidents?touching=jazz&${q}`));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: number }[]).map((i) => i.id)).toEqual(list.map((i) => i.id));
    const csv = await getIncidents(getRequest(`/api/v1/incidents?touching=jazz&format=csv&${q}`));
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,status,start,end,/);
    expect(lines.slice(1).map((l) => Number(l.split(",")[0]))).toEqual(list.map((i) => i.id));

    const bad = await getIncidents(getRequest(`/api/v1/incidents?touching=not-an-isp&${q}`));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("touching");
    expect((await getIncidents(getRequest(`/api/v1/incidents?format=xml&${q}`))).status).toBe(400);
  });

  it("gives the published comments on a provider's network only, with the filters, as JSON and CSV", async () => {
    const ingest = new GroupCommit(t.handle.db);
    const send = async (f: Record<string, string>, comment: string) => {
      const parsed = parseReport(validReport({ ...f, comment, observedAt: new Date(now - HOUR).toISOString() }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const stored = await ingest.submit({ report: parsed.report, source: "api", clientKey: randomUUID() });
      return stored.id;
    };
    const [moderator] = await t.handle.db.select({ id: adminAccounts.id }).from(adminAccounts).where(eq(adminAccounts.username, "sara"));
    const published = await send({ area: "lahore", isp: "jazz", service: "whatsapp", connection: "mobile", problem: "media_fails" }, "voice notes stuck, \"sending\"");
    const unpublished = await send({ area: "lahore", isp: "jazz", service: "whatsapp", connection: "mobile", problem: "media_fails" }, "not yet reviewed");
    const otherIsp = await send({ area: "lahore", isp: "zong", service: "whatsapp", connection: "mobile", problem: "media_fails" }, "zong's own");
    const otherProblem = await send({ area: "multan", isp: "jazz", service: "youtube", connection: "fixed", problem: "slow" }, "videos crawl");
    for (const id of [published, otherIsp, otherProblem]) await reviewComment(t.handle.db, { reportId: id, state: "published", accountId: moderator!.id });
    void unpublished;

    const q = `from=${new Date(now - 3 * HOUR).toISOString()}&to=${new Date(now).toISOString()}`;
    const json = (await (await getComments(getRequest(`/api/v1/comments?isp=jazz&${q}`))).json()) as { comment: string; isp: string }[];
    expect(json.map((c) => c.comment).sort()).toEqual(["videos crawl", "voice notes stuck, \"sending\""]);
    const filtered = (await (await getComments(getRequest(`/api/v1/comments?isp=jazz&problem=media_fails&${q}`))).json()) as { comment: string }[];
    expect(filtered.map((c) => c.comment)).toEqual(["voice notes stuck, \"sending\""]);
    const csv = await (await getComments(getRequest(`/api/v1/comments?isp=jazz&problem=media_fails&format=csv&${q}`))).text();
    expect(csv).toBe(`observed_at,district,district_name,isp,service,connection,problem,comment\r\n${new Date(now - HOUR).toISOString()},lahore,Lahore,jazz,whatsapp,mobile,media_fails,"voice notes stuck, ""sending"""\r\n`);

    const bad = await getComments(getRequest(`/api/v1/comments?limit=0&${q}`));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("limit");
  });
});

import { and, asc, eq, gte, lt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAccount } from "@/db/admin/accounts";
import { GroupCommit } from "@/db/ingest";
import { analysedTo, detectIncidents, noAuditEntrySince } from "@/db/jobs/detect-incidents";
import { detectionJobFor } from "@/db/jobs";
import { runJobOnce } from "@/db/jobs/scheduler";
import { voidReport } from "@/db/moderation/void-report";
import { incidents, incidentScopes, reports, settings } from "@/db/schema";
import { parseReport, type ReportBody } from "@/lib/reports/report-schema";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";
import { validReport } from "@/tests/support/reports";

// Incidents in live operation: the real job stepped minute by minute, as
// the scheduler runs it (runJobOnce: a transaction under the job's lock),
// while the reports arrive through the ingest path, against one pass over
// the same data. Two events at once: a VPN block across three cities for
// three hours and, 90 minutes into it, a 40-minute YouTube slowdown in two
// of them, just after the block flared up on Jazz. Fewer than three days of data: no baseline, so a window needs
// 3 × 8 different reporters to count as unusual, and districts are skipped.

const STEP = 5 * 60_000;
const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / STEP) * STEP;
const VPN_FROM = NOW - 6 * 3600_000;
const VPN_TO = VPN_FROM + 3 * 3600_000;
// After 50 quiet minutes the block comes back for an hour: a second episode close behind the first.
const RETURN_FROM = VPN_TO + 50 * MINUTE;
const RETURN_TO = RETURN_FROM + 60 * MINUTE;
const YOUTUBE_FROM = VPN_FROM + 90 * MINUTE;
const YOUTUBE_TO = YOUTUBE_FROM + 40 * MINUTE;
const END = RETURN_TO + 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

type Arrival = { at: number; clientKey: string; body: Partial<ReportBody> };

function arrivals(): Arrival[] {
  const out: Arrival[] = [{ at: NOW - 70 * 3600_000, clientKey: "early", body: {} }];
  const block = [...Array.from({ length: (VPN_TO - VPN_FROM) / STEP }, (_, i) => VPN_FROM + i * STEP), ...Array.from({ length: (RETURN_TO - RETURN_FROM) / STEP }, (_, i) => RETURN_FROM + i * STEP)];
  for (const b of block) {
    for (const [area, isp] of [["lahore", "jazz"], ["karachi-south", "zong"], ["islamabad", "ptcl"]] as const) {
      for (let i = 0; i < 4; i++) out.push({ at: b + i * 70_000, clientKey: `vpn-${area}-${b}-${i}`, body: { service: "vpn", problem: "vpn_blocked", area, isp } });
    }
  }
  // The block flares up on Jazz just before the slowdown: part of the block, and no bridge to YouTube.
  for (let b = YOUTUBE_FROM - 10 * MINUTE; b < YOUTUBE_FROM + 20 * MINUTE; b += STEP) {
    for (let i = 0; i < 8; i++) out.push({ at: b + i * 30_000, clientKey: `flare-${b}-${i}`, body: { service: "vpn", problem: "vpn_blocked", area: "lahore", isp: "jazz" } });
  }
  for (let b = YOUTUBE_FROM; b < YOUTUBE_TO; b += STEP) {
    for (const area of ["lahore", "karachi-south"]) {
      for (let i = 0; i < 8; i++) out.push({ at: b + i * 35_000, clientKey: `yt-${area}-${b}-${i}`, body: { service: "youtube", problem: "slow", area, isp: i % 2 ? "jazz" : "zong" } });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

describe.each(DRIVERS)("incidents in live operation on %s", (driver) => {
  let t: TestDatabase;
  let ingest: GroupCommit;
  const db = () => t.handle.db;
  const send = (a: Arrival) => {
    const parsed = parseReport(validReport({ ...a.body, observedAt: iso(a.at) }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return ingest.submit({ report: parsed.report, source: "api", clientKey: a.clientKey });
  };
  const reset = async () => {
    await db().delete(incidents);
    await db().delete(settings);
  };
  /** What a reader sees: each incident's primary scope, span and scopes, oldest first. */
  const stored = async () => {
    const rows = await db().select().from(incidents).orderBy(asc(incidents.startedAt), asc(incidents.id));
    const scopes = await db().select().from(incidentScopes).orderBy(asc(incidentScopes.startedAt), asc(incidentScopes.kind), asc(incidentScopes.key));
    return rows.map((r) => ({
      primary: `${r.scopeKind}:${r.scopeKey}`,
      start: iso(r.startedAt.getTime()),
      end: r.endedAt ? iso(r.endedAt.getTime()) : null,
      scopes: scopes.filter((s) => s.incidentId === r.id).map((s) => `${s.kind}:${s.key}@${iso(s.startedAt.getTime())}`),
    }));
  };

  let live: Awaited<ReturnType<typeof stored>>;
  let finalIds: number[];
  const failures: string[] = [];
  /** Every incident id any run left in the table: what a reader could have opened meanwhile. */
  const shown = new Map<number, number>();

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    useRuntime(t);
    ingest = new GroupCommit(db());
    const pending = arrivals();
    // Minute by minute from an hour before the block to an hour after the quiet: reports arrive, then the job runs.
    let next = 0;
    for (let now = VPN_FROM - 60 * MINUTE; now <= END; now += MINUTE) {
      const due: Promise<unknown>[] = [];
      while (next < pending.length && pending[next]!.at <= now) due.push(send(pending[next++]!));
      await Promise.all(due);
      await runJobOnce(db(), detectionJobFor(driver), new Date(now)).catch((e: unknown) => failures.push(e instanceof Error ? e.message : String(e)));
      for (const { id } of await db().select({ id: incidents.id }).from(incidents)) if (!shown.has(id)) shown.set(id, now);
    }
    live = await stored();
    finalIds = (await db().select({ id: incidents.id }).from(incidents)).map((r) => r.id);
    if (process.env.DEBUG_LIVE) console.log(JSON.stringify(live, null, 1));
  }, 600_000);
  afterAll(async () => t?.drop());

  it("never fails a run", () => {
    expect(failures).toEqual([]);
  });

  it("never shows an incident that a later run takes back: every permalink handed out still works", () => {
    expect([...shown.keys()].filter((id) => !finalIds.includes(id))).toEqual([]);
  });

  it("shows each incident within two minutes of when the detector opens it", async () => {
    const scopes = await db().select({ incidentId: incidentScopes.incidentId, openedAt: incidentScopes.openedAt }).from(incidentScopes);
    for (const id of finalIds) {
      const opened = Math.min(...scopes.filter((s) => s.incidentId === id).map((s) => s.openedAt.getTime()));
      expect((shown.get(id)! - opened) / MINUTE, `incident ${id}`).toBeLessThanOrEqual(2);
    }
  });

  it("stores what one pass over the same data stores", async () => {
    await reset();
    await detectIncidents(db(), new Date(END));
    expect(live).toEqual(await stored());
  });

  it("keeps two concurrent unrelated events apart, each scope listed once", () => {
    expect(live.map((i) => i.primary)).toEqual(["service:vpn", "service:youtube", "service:vpn"]);
    expect(live[2]).toMatchObject({ start: iso(RETURN_FROM), end: iso(RETURN_TO) });
    const [vpn, youtube] = live;
    expect(vpn).toMatchObject({ start: iso(VPN_FROM), end: iso(VPN_TO) });
    expect(youtube!.scopes).toContain(`service:youtube@${iso(YOUTUBE_FROM)}`);
    expect(youtube!.scopes.some((s) => s.includes("vpn"))).toBe(false);
    expect(vpn!.scopes.some((s) => s.includes("youtube"))).toBe(false);
    expect(vpn!.scopes.some((s) => s.startsWith("service-isp:vpn|jazz"))).toBe(true);
    for (const incident of live) {
      const scopes = incident.scopes.map((s) => s.split("@")[0]);
      expect(new Set(scopes).size).toBe(scopes.length);
    }
  });

  it("succeeds over stored episodes that once made a run fail on the unique key", async () => {
    await reset();
    await detectIncidents(db(), new Date(END));
    const [vpn] = await db().select().from(incidents).where(eq(incidents.scopeKey, "vpn"));
    const [row] = await db().select().from(incidentScopes).where(and(eq(incidentScopes.kind, "service"), eq(incidentScopes.key, "vpn")));
    // As earlier runs over other data (reports since voided, a late batch) can leave them: a fragment that
    // began before the block and overlaps it, then the block from its true start. The block, found whole again,
    // overlaps the fragment first; the run used to move the fragment onto the block's (scope, start) and fail.
    await db().delete(incidentScopes).where(eq(incidentScopes.id, row!.id));
    const { id: _id, ...columns } = row!;
    await db().insert(incidentScopes).values({ ...columns, startedAt: new Date(VPN_FROM - 30 * MINUTE), endedAt: new Date(VPN_FROM + 10 * MINUTE) });
    await db().insert(incidentScopes).values(columns);
    await detectIncidents(db(), new Date(END + MINUTE));
    const after = await db()
      .select()
      .from(incidentScopes)
      .where(and(eq(incidentScopes.kind, "service"), eq(incidentScopes.key, "vpn"), lt(incidentScopes.startedAt, new Date(VPN_TO))));
    expect(after.map((s) => [iso(s.startedAt.getTime()), s.endedAt && iso(s.endedAt.getTime()), s.incidentId])).toEqual([[iso(VPN_FROM), iso(VPN_TO), vpn!.id]]);
  });

  it("recounts an incident at once when its reports are voided, keeping its id and saying it was updated", async () => {
    await reset();
    await detectIncidents(db(), new Date(END));
    const youtube = async () => {
      const [incident] = await db().select().from(incidents).where(eq(incidents.scopeKey, "youtube"));
      const [scope] = await db().select().from(incidentScopes).where(and(eq(incidentScopes.kind, "service"), eq(incidentScopes.key, "youtube")));
      return { ...incident!, scopeEnd: scope!.endedAt!.getTime() };
    };
    const before = await youtube();
    expect(before.revisedAt).toBeNull();
    expect(before.scopeEnd).toBe(YOUTUBE_TO);
    const moderator = (await addAccount(db(), "zainab", "a long enough passphrase")).id;
    // The last 15 minutes of the slowdown turn out to be a test script's.
    const late = await db()
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.service, "youtube"), gte(reports.observedAt, new Date(YOUTUBE_TO - 15 * MINUTE)), lt(reports.observedAt, new Date(YOUTUBE_TO))));
    expect(late.length).toBeGreaterThan(20);
    for (const { id } of late) expect((await voidReport(db(), { reportId: id, reason: "a test script", accountId: moderator })).ok).toBe(true);
    const after = await youtube();
    expect(after.id).toBe(before.id);
    expect(after.scopeEnd).toBe(YOUTUBE_TO - 15 * MINUTE);
    expect(after.reports).toBeLessThan(before.reports);
    expect(after.revisedAt).not.toBeNull();
  });

  it("stores nothing from a run that a void overtook, and leaves its time to the next run", async () => {
    // On the embedded database a run reads outside a transaction; a void that commits meanwhile must not be undone by what it read before.
    await reset();
    await detectIncidents(db(), new Date(END));
    const stored = async () => (await db().select().from(incidentScopes).orderBy(asc(incidentScopes.id))).map((s) => [s.kind, s.key, s.startedAt.getTime(), s.endedAt?.getTime(), s.reports]);
    const before = { scopes: await stored(), to: await analysedTo(db()) };
    const guard = await noAuditEntrySince(db());
    expect(await guard(db())).toBe(true);
    const moderator = (await addAccount(db(), "amna", "a long enough passphrase")).id;
    const [one] = await db().select({ id: reports.id }).from(reports).where(eq(reports.service, "youtube")).limit(1);
    expect((await voidReport(db(), { reportId: one!.id, reason: "checked", accountId: moderator })).ok).toBe(true);
    expect(await guard(db())).toBe(false);
    const afterVoid = await stored();
    await detectIncidents(db(), new Date(END + 10 * MINUTE), { unchanged: guard });
    expect(await stored()).toEqual(afterVoid);
    expect(await analysedTo(db())).toBe(before.to);
    // The next run, unguarded, takes it up from where the last stored run ended.
    await detectIncidents(db(), new Date(END + 11 * MINUTE), { unchanged: await noAuditEntrySince(db()) });
    expect(await analysedTo(db())).toBeGreaterThan(before.to!);
  });
});

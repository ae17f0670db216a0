import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DetectedEpisode } from "@/db/detection/detect-scopes";
import { storeIncidents } from "@/db/detection/store-incidents";
import { addIspAccount } from "@/db/admin/accounts";
import { postStatement } from "@/db/statements/post-statement";
import { mergedInto, statementsOf } from "@/db/statements/statements-of";
import { adminAccounts, incidents, incidentScopes, ispStatements } from "@/db/schema";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

// The incident store alone, on episodes as a detection run hands them over:
// what a later run, which sees less of the past, may and may not change.
const MINUTE = 60_000;
const DAY0 = Date.UTC(2026, 10, 2, 0, 0);
const at = (hhmm: string) => DAY0 + Number(hhmm.slice(0, 2)) * 60 * MINUTE + Number(hhmm.slice(3)) * MINUTE;

function episode(scope: string, start: string, end: string | null, extra: Partial<DetectedEpisode> = {}): DetectedEpisode {
  const [kind, key] = scope.split(":") as [DetectedEpisode["kind"], string];
  const from = at(start);
  return {
    kind,
    key,
    start: from,
    end: end === null ? null : at(end),
    openedAt: from + 10 * MINUTE,
    lastUnusual: end === null ? from + 30 * MINUTE : at(end),
    reports: 100,
    expected: 10,
    peakAt: from + 5 * MINUTE,
    peakCount: 20,
    peakExpected: 2,
    ...extra,
  };
}

describe.each(DRIVERS)("the incident store on %s", (driver) => {
  let t: TestDatabase;
  const db = () => t.handle.db;
  /** Each incident's primary and its scopes, as "kind:key hh:mm". */
  const grouped = async () => {
    const rows = await db().select().from(incidents).orderBy(incidents.id);
    const scopes = await db().select().from(incidentScopes);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    return rows.map((r) => ({
      primary: `${r.scopeKind}:${r.scopeKey}`,
      start: hhmm(r.startedAt),
      scopes: scopes
        .filter((s) => s.incidentId === r.id)
        .map((s) => `${s.kind}:${s.key} ${hhmm(s.startedAt)}`)
        .sort(),
    }));
  };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await db().delete(incidents);
  });

  it("keeps an episode that began before the run's view when the run finds it from a later start (a slow onset)", async () => {
    await storeIncidents(db(), [episode("province:punjab", "06:55", "08:35")], at("06:00"), at("12:00"));
    // The run's range begins at 07:25, in the onset: its first windows are not yet unusual, so it finds Punjab from 07:30.
    await storeIncidents(db(), [episode("province:punjab", "07:30", "08:35")], at("07:25"), at("13:25"));
    expect(await grouped()).toEqual([{ primary: "province:punjab", start: "06:55", scopes: ["province:punjab 06:55"] }]);
  });

  it("replaces an episode that began before the run's view with one found whole that goes on beyond its end", async () => {
    await storeIncidents(db(), [episode("service:vpn", "09:30", "10:10")], at("09:00"), at("10:30"));
    await storeIncidents(db(), [episode("service:vpn", "10:00", "13:00")], at("09:50"), at("14:00"));
    expect(await grouped()).toEqual([{ primary: "service:vpn", start: "10:00", scopes: ["service:vpn 10:00"] }]);
  });

  it("groups as one pass does when the episode that anchored an event has gone out of the run's view", async () => {
    // One pass: WhatsApp on Zong anchors the event and Zong joins it (nested, the closest onset); YouTube on Zong,
    // 90 minutes later, is an event of its own.
    const whole = [episode("service-isp:whatsapp|zong", "10:00", "12:00"), episode("isp:zong", "10:10", "13:10"), episode("service-isp:youtube|zong", "11:30", "13:20")];
    await storeIncidents(db(), whole, at("09:00"), at("14:00"));
    const once = await grouped();
    expect(once).toEqual([
      { primary: "service-isp:whatsapp|zong", start: "10:00", scopes: ["isp:zong 10:10", "service-isp:whatsapp|zong 10:00"] },
      { primary: "service-isp:youtube|zong", start: "11:30", scopes: ["service-isp:youtube|zong 11:30"] },
    ]);
    // At 13:00 WhatsApp on Zong ended more than 45 minutes before the run's start; Zong and YouTube on Zong still
    // reach into the range, and the run finds their rest cut at its start.
    const cut = { cutAtStart: true as const };
    await storeIncidents(db(), [episode("isp:zong", "13:00", "13:10", cut), episode("service-isp:youtube|zong", "13:00", "13:20", cut)], at("13:00"), at("19:00"));
    expect(await grouped()).toEqual(once);
  });

  it("recounts an incident that lost an episode to another event and is claimed by none", async () => {
    // Stored under other rules: Zong with a Sindh episode of the early morning it overlaps in nothing, and WhatsApp
    // on Zong, which Zong links with, in an older incident of its own.
    const values = (primary: DetectedEpisode) => ({
      scopeKind: primary.kind,
      scopeKey: primary.key,
      startedAt: new Date(primary.start),
      endedAt: new Date(primary.end!),
      lastUnusualAt: new Date(primary.lastUnusual),
      reports: primary.reports,
      expected: primary.expected,
      peakAt: new Date(primary.peakAt),
      peakCount: primary.peakCount,
      peakExpected: primary.peakExpected,
    });
    const columns = (e: DetectedEpisode) => ({
      kind: e.kind,
      key: e.key,
      startedAt: new Date(e.start),
      endedAt: e.end === null ? null : new Date(e.end),
      openedAt: new Date(e.openedAt),
      lastUnusualAt: new Date(e.lastUnusual),
      reports: e.reports,
      expected: e.expected,
      peakAt: new Date(e.peakAt),
      peakCount: e.peakCount,
      peakExpected: e.peakExpected,
    });
    const whatsapp = episode("service-isp:whatsapp|zong", "10:00", "12:00");
    const zong = episode("isp:zong", "10:10", "13:10", { reports: 400 });
    const sindh = episode("province:sindh", "06:00", "07:00", { reports: 50 });
    const [older] = await db().insert(incidents).values(values(whatsapp)).returning({ id: incidents.id });
    const [mixed] = await db().insert(incidents).values(values(zong)).returning({ id: incidents.id });
    await db()
      .insert(incidentScopes)
      .values([
        { ...columns(whatsapp), incidentId: older!.id },
        { ...columns(zong), incidentId: mixed!.id },
        { ...columns(sindh), incidentId: mixed!.id },
      ]);
    await storeIncidents(db(), [], at("13:00"), at("19:00"));
    expect(await grouped()).toEqual([
      { primary: "service-isp:whatsapp|zong", start: "10:00", scopes: ["isp:zong 10:10", "service-isp:whatsapp|zong 10:00"] },
      { primary: "province:sindh", start: "06:00", scopes: ["province:sindh 06:00"] },
    ]);
    const [recounted] = await db().select().from(incidents).where(eq(incidents.id, mixed!.id));
    expect(recounted).toMatchObject({ reports: 50, endedAt: new Date(at("07:00")) });
    expect(recounted!.revisedAt).not.toBeNull();
  });

  it("leaves an alias when a run merges an incident into an older one: its statements and permalink lead on", async () => {
    // The first run sees WhatsApp everywhere and Zong, 40 minutes apart, as two events; late reports then move
    // Zong's start to 10:20, within half an hour of WhatsApp's: the next run links them, under the older id.
    const whatsapp = episode("service:whatsapp", "10:00", null);
    const zong = episode("isp:zong", "10:40", null);
    await storeIncidents(db(), [whatsapp, zong], at("06:00"), at("10:45"));
    const [first, second] = await db().select().from(incidents).orderBy(incidents.id);
    expect([first!.scopeKey, second!.scopeKey]).toEqual(["whatsapp", "zong"]);
    await addIspAccount(db(), "zong", `zong-noc-${driver}`, "a provider's long passphrase").catch(() => undefined);
    const [account] = await db().select().from(adminAccounts).where(eq(adminAccounts.username, `zong-noc-${driver}`));
    const { statementId } = await postStatement(db(), { account: { accountId: account!.id, isp: "zong" }, incidentId: second!.id, input: { status: "investigating", text: "Looking into it.", lang: "en", cause: null, restoredAt: null } }, new Date(at("10:50")));

    await storeIncidents(db(), [whatsapp, episode("isp:zong", "10:20", null)], at("06:00"), at("11:00"));
    const rows = await db().select().from(incidents);
    expect(rows.map((r) => r.id)).toEqual([first!.id]);
    expect(await mergedInto(db(), second!.id)).toBe(first!.id);
    expect((await statementsOf(db(), first!.id)).map((s) => s.id)).toEqual([statementId]);
    // The statement's own row is never rewritten: it stays sealed under the id it was posted on.
    const [row] = await db().select().from(ispStatements).where(eq(ispStatements.statementId, statementId));
    expect(row!.incidentId).toBe(second!.id);
  });
});

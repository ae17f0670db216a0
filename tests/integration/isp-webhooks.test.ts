import http from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addIspAccount } from "@/db/admin/accounts";
import { createSubscription } from "@/db/alerts/subscriptions";
import { openDatabase, type Db } from "@/db/client";
import { listIspWebhooks, registerIspWebhook, removeIspWebhook } from "@/db/isp-desk/webhooks";
import { alertJobs, DELIVER_ALERTS_EVERY_MS, QUEUE_ALERTS_EVERY_MS } from "@/db/jobs/alerts";
import { lastRunKey, runScheduledTurn, type Job } from "@/db/jobs/scheduler";
import { deliveryAttempts, incidents, incidentScopes, notifications, settings, subscriptions } from "@/db/schema";
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from "@/lib/alerts/retry";
import { env, reloadEnv } from "@/lib/env";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

// An ISP desk's webhooks on both databases, with the alert jobs stepped
// through time as the server runs them (the queue every minute, delivery
// every 30 s; db/jobs/alerts.ts) and a real receiver that checks each
// signature with the standardwebhooks library, as an ISP's would.

const MIN = 60_000;
const BASE = "https://disruption.example.org";
const PASSWORD = "correct horse battery staple";

type Got = { path: string; headers: http.IncomingHttpHeaders; body: string };
type Scope = { kind: string; key: string };

describe.each(DRIVERS)("ISP webhooks on %s", (driver) => {
  let t: TestDatabase;
  let queue: Job;
  let deliver: Job;
  const got: Got[] = [];
  /** What the receiver answers on a path (204 unless set), after `delayMs`. */
  const answers: Record<string, { status: number; delayMs?: number }> = {};
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const path = req.url ?? "";
      got.push({ path, headers: req.headers, body });
      const answer = answers[path] ?? { status: 204 };
      setTimeout(() => res.writeHead(answer.status).end(), answer.delayMs ?? 0);
    });
  });
  let origin = "";
  const to = (path: string) => got.filter((g) => g.path === path);

  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    Object.assign(process.env, { WEBHOOK_ALLOW_PRIVATE: "1", PUBLIC_URL: BASE });
    reloadEnv();
    [queue, deliver] = alertJobs(env()) as [Job, Job];
    t = await createTestDatabase(driver);
    for (const isp of ["jazz", "zong", "telenor"]) await addIspAccount(t.handle.db, isp, `${isp}-noc`, PASSWORD);
  });
  afterAll(async () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    delete process.env.PUBLIC_URL;
    reloadEnv();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    await t?.drop();
  });

  let seq = 0;
  /** An incident as detection stores it, opened at `openedAt` in these scopes (the first its primary). */
  async function incident(openedAt: number, scopes: Scope[]): Promise<number> {
    const start = new Date(openedAt - 15 * MIN - ++seq * 1000);
    const opened = new Date(openedAt);
    const [row] = await t.handle.db
      .insert(incidents)
      .values({ scopeKind: scopes[0]!.kind, scopeKey: scopes[0]!.key, startedAt: start, lastUnusualAt: opened, reports: 80, expected: 6, peakAt: opened, peakCount: 20, peakExpected: 1, updatedAt: opened })
      .returning({ id: incidents.id });
    for (const s of scopes) await seenIn(row!.id, s, openedAt, start);
    return row!.id;
  }
  /** Detection sees the incident in one more scope, from `openedAt`. */
  async function seenIn(id: number, s: Scope, openedAt: number, start = new Date(openedAt - 15 * MIN)) {
    const opened = new Date(openedAt);
    await t.handle.db.insert(incidentScopes).values({ incidentId: id, kind: s.kind, key: s.key, startedAt: start, openedAt: opened, lastUnusualAt: opened, reports: 30, expected: 3, peakAt: opened, peakCount: 10, peakExpected: 1 });
  }
  async function end(id: number, at: number) {
    await t.handle.db.update(incidents).set({ endedAt: new Date(at), updatedAt: new Date(at) }).where(eq(incidents.id, id));
    await t.handle.db.update(incidentScopes).set({ endedAt: new Date(at) }).where(eq(incidentScopes.incidentId, id));
  }
  /**
   * A queue turn at `at`. The scheduler skips a turn that comes within three
   * quarters of a period of the last one on the database's clock, which does
   * not move with the test's: the last run is forgotten first, as the minute
   * the test stepped over would have let it be.
   */
  async function queueTurn(db: Db, at: number) {
    await t.handle.db.delete(settings).where(eq(settings.key, lastRunKey(queue)));
    return runScheduledTurn(db, queue, new Date(at));
  }
  const verify = (secret: string, g: Got) => new Webhook(secret).verify(g.body, g.headers as Record<string, string>) as { type: string; data: { id: number; scopes: Scope[] } };

  it("tells an ISP's webhook when an incident on its network opens, grows and ends, signed; nothing of another network's", async () => {
    const t0 = Date.now();
    const hook = await registerIspWebhook(t.handle.db, { isp: "jazz", url: `${origin}/jazz` }, new Date(t0), { allowPrivate: true });
    expect(hook.secret).toMatch(/^whsec_/);
    // A public subscription that follows everything: it is told of openings only.
    await createSubscription(t.handle.db, { channel: "webhook", url: `${origin}/public`, follows: { services: [], isps: [], areas: [] }, notifyEnd: false, lang: "en" }, new Date(t0));
    const jazz = await incident(t0 + MIN, [{ kind: "isp", key: "jazz" }, { kind: "province", key: "punjab" }]);
    const zong = await incident(t0 + MIN, [{ kind: "isp", key: "zong" }, { kind: "service-isp", key: "whatsapp|zong" }]);

    // Fifteen minutes of the server's turns: at 5 min the incident is seen in
    // Lahore as well, at 10 min it ends.
    for (let at = t0 + 90_000; at <= t0 + 15 * MIN; at += DELIVER_ALERTS_EVERY_MS) {
      if (at === t0 + 5 * MIN) await seenIn(jazz, { kind: "district-isp", key: "lahore|jazz" }, at);
      if (at === t0 + 10 * MIN) await end(jazz, at);
      if ((at - t0) % QUEUE_ALERTS_EVERY_MS === 30_000) await queueTurn(t.handle.db, at);
      await runScheduledTurn(t.handle.db, deliver, new Date(at));
    }

    const told = to("/jazz").map((g) => verify(hook.secret, g));
    expect(told.map((p) => p.type)).toEqual(["incident.opened", "incident.updated", "incident.ended"]);
    expect(told.every((p) => p.data.id === jazz)).toBe(true);
    expect(told[1]!.data.scopes).toContainEqual({ kind: "district-isp", key: "lahore|jazz" });
    expect(new Set(to("/jazz").map((g) => g.headers["webhook-id"])).size).toBe(3);
    // A signature made with another secret does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 7).toString("base64")}`).verify(to("/jazz")[0]!.body, to("/jazz")[0]!.headers as Record<string, string>)).toThrow();
    // The public subscription: both openings, no update, no end.
    expect(to("/public").map((g) => JSON.parse(g.body) as { type: string; data: { id: number } }).map((p) => `${p.type} ${p.data.id}`).sort()).toEqual([`incident.opened ${jazz}`, `incident.opened ${zong}`].sort());

    // The desk sees each notice and its one attempt.
    const [listed] = await listIspWebhooks(t.handle.db, "jazz");
    expect(listed).toMatchObject({ id: hook.id, url: `${origin}/jazz` });
    expect(listed!.notices.map((n) => [n.event, n.status, n.attempts.length])).toEqual([
      ["ended", "sent", 1],
      ["updated:3", "sent", 1],
      ["opened", "sent", 1],
    ]);
    expect(listed!.notices[0]!.attempts[0]).toMatchObject({ ok: true, status: 204, error: null });
    expect(await listIspWebhooks(t.handle.db, "zong")).toEqual([]);
  });

  it("tells an opening seen late, already in scopes that opened at different times, once: no update beside it", async () => {
    const t0 = Date.now() + 3600_000;
    await registerIspWebhook(t.handle.db, { isp: "ptcl", url: `${origin}/ptcl` }, new Date(t0), { allowPrivate: true });
    const id = await incident(t0 + MIN, [{ kind: "isp", key: "ptcl" }]);
    await seenIn(id, { kind: "district-isp", key: "karachi-south|ptcl" }, t0 + 3 * MIN);
    // The queue's first look comes after both scopes opened (detection catching up, a restart).
    await queueTurn(t.handle.db, t0 + 5 * MIN);
    await runScheduledTurn(t.handle.db, deliver, new Date(t0 + 5 * MIN + 1000));
    expect(to("/ptcl").map((g) => (JSON.parse(g.body) as { type: string }).type)).toEqual(["incident.opened"]);
    expect((JSON.parse(to("/ptcl")[0]!.body) as { data: { scopes: Scope[] } }).data.scopes).toHaveLength(2);
  });

  it("retries a receiver that answers 500 with backoff, records every attempt, then marks the notice failed", async () => {
    const t0 = Date.now() + 2 * 24 * 3600_000;
    answers["/flaky"] = { status: 500 };
    const hook = await registerIspWebhook(t.handle.db, { isp: "zong", url: `${origin}/flaky` }, new Date(t0), { allowPrivate: true });
    await incident(t0 + MIN, [{ kind: "service-isp", key: "youtube|zong" }]);
    await queueTurn(t.handle.db, t0 + 90_000);
    const [owed] = await t.handle.db.select().from(notifications).where(eq(notifications.subscriptionId, hook.id));
    expect(owed).toMatchObject({ event: "opened", status: "pending" });

    // Delivery turns every 30 s, skipping ahead over the turns that find nothing due.
    let at = t0 + 90_000;
    for (let turn = 0; turn < 2 * MAX_ATTEMPTS; turn++) {
      const [n] = await t.handle.db.select().from(notifications).where(eq(notifications.id, owed!.id));
      if (n!.status !== "pending") break;
      while (at < n!.nextAttemptAt.getTime()) at += DELIVER_ALERTS_EVERY_MS;
      await runScheduledTurn(t.handle.db, deliver, new Date(at));
    }
    const [n] = await t.handle.db.select().from(notifications).where(eq(notifications.id, owed!.id));
    expect(n).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatus: 500 });
    const tries = await t.handle.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.notificationId, owed!.id)).orderBy(asc(deliveryAttempts.at));
    expect(tries).toHaveLength(MAX_ATTEMPTS);
    expect(tries.every((a) => !a.ok && a.status === 500 && a.error === "the receiver answered 500" && a.durationMs >= 0)).toBe(true);
    // Each wait at least the schedule's (5 s, 5 min, 30 min, … 24 h), at most its 10 % jitter and one turn more.
    for (let i = 1; i < tries.length; i++) {
      const gap = tries[i]!.at.getTime() - tries[i - 1]!.at.getTime();
      expect(gap).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[i - 1]!);
      expect(gap).toBeLessThanOrEqual(RETRY_DELAYS_MS[i - 1]! * 1.1 + DELIVER_ALERTS_EVERY_MS);
    }
    // The same message each time, so a receiver can tell a retry from a new notice.
    expect(to("/flaky")).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(to("/flaky").map((g) => g.headers["webhook-id"])).size).toBe(1);
    const [listed] = await listIspWebhooks(t.handle.db, "zong");
    expect(listed!.notices[0]).toMatchObject({ status: "failed" });
    expect(listed!.notices[0]!.attempts).toHaveLength(MAX_ATTEMPTS);
  });

  it("delivers once when two instances run the jobs at the same moments", async () => {
    const t0 = Date.now() + 4 * 24 * 3600_000;
    // A slow receiver: both instances' turns are under way while the first send waits for it.
    answers["/twice"] = { status: 200, delayMs: 300 };
    const hook = await registerIspWebhook(t.handle.db, { isp: "telenor", url: `${origin}/twice` }, new Date(t0), { allowPrivate: true });
    const id = await incident(t0 + MIN, [{ kind: "isp", key: "telenor" }]);
    // On PostgreSQL the second instance has connections of its own; PGlite is one process, so its second caller shares the handle.
    const second = driver === "postgres" ? await openDatabase({ kind: "postgres", url: t.url!, poolSize: 4 }) : undefined;
    const other = second?.db ?? t.handle.db;
    try {
      for (let at = t0 + 90_000; at <= t0 + 5 * MIN; at += DELIVER_ALERTS_EVERY_MS) {
        if ((at - t0) % QUEUE_ALERTS_EVERY_MS === 30_000) {
          await t.handle.db.delete(settings).where(eq(settings.key, lastRunKey(queue)));
          await Promise.all([runScheduledTurn(t.handle.db, queue, new Date(at)), runScheduledTurn(other, queue, new Date(at))]);
        }
        await Promise.all([runScheduledTurn(t.handle.db, deliver, new Date(at)), runScheduledTurn(other, deliver, new Date(at + 1))]);
      }
    } finally {
      await second?.close();
    }
    expect(to("/twice")).toHaveLength(1);
    expect(verify(hook.secret, to("/twice")[0]!)).toMatchObject({ type: "incident.opened", data: { id } });
    const rows = await t.handle.db.select().from(notifications).where(eq(notifications.subscriptionId, hook.id));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([["sent", 1]]);
    expect(await t.handle.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.notificationId, rows[0]!.id))).toHaveLength(1);
  });

  it("is registered with a checked URL, and removed only by its own ISP", async () => {
    const now = new Date();
    await expect(registerIspWebhook(t.handle.db, { isp: "jazz", url: "https://user:pw@example.org/hook" }, now, { allowPrivate: false })).rejects.toMatchObject({ status: 400, field: "url" });
    await expect(registerIspWebhook(t.handle.db, { isp: "jazz", url: "https://127.0.0.1/hook" }, now, { allowPrivate: false })).rejects.toMatchObject({ code: "private_address", field: "url" });
    await expect(registerIspWebhook(t.handle.db, { isp: "jazz", url: "http://example.org/hook" }, now, { allowPrivate: false })).rejects.toMatchObject({ code: "invalid_url", field: "url" });
    const [jazz] = await listIspWebhooks(t.handle.db, "jazz");
    expect(await removeIspWebhook(t.handle.db, "zong", jazz!.id, now)).toBe(false);
    expect(await listIspWebhooks(t.handle.db, "jazz")).toHaveLength(1);
    expect(await removeIspWebhook(t.handle.db, "jazz", jazz!.id, now)).toBe(true);
    expect(await listIspWebhooks(t.handle.db, "jazz")).toEqual([]);
    // Its URL and secret are gone with it.
    const [row] = await t.handle.db.select().from(subscriptions).where(eq(subscriptions.id, jazz!.id));
    expect(row).toMatchObject({ target: "", secret: null, ownerIsp: "jazz" });
  });
});

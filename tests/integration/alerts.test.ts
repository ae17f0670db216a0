import { createECDH, randomBytes } from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as subscribe } from "@/app/api/v1/alerts/route";
import { POST as confirmRoute } from "@/app/api/v1/alerts/confirm/[token]/route";
import { GET as unsubscribeGet, POST as unsubscribeRoute } from "@/app/api/v1/alerts/unsubscribe/[token]/route";
import { deliverDue } from "@/db/alerts/deliver";
import { queueNotices } from "@/db/alerts/queue";
import { confirmSubscription, createSubscription, pruneUnconfirmed } from "@/db/alerts/subscriptions";
import { deliveryAttempts, incidents, incidentScopes, notifications, subscriptions } from "@/db/schema";
import { env, reloadEnv } from "@/lib/env";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";

// Alerts end to end on both databases, with a real SMTP server in the test
// (smtp-server, parsed with mailparser), a real webhook receiver verified
// with the standardwebhooks library, and a push endpoint that decrypts the
// Web Push payload with the subscription's own keys.

const ece = createRequire(import.meta.url)("http_ece") as { decrypt: (buf: Buffer, o: Record<string, unknown>) => Buffer };
const BASE = "https://disruption.example.org";
const MIN = 60_000;

describe.each(DRIVERS)("alerts on %s", (driver) => {
  let t: TestDatabase;
  const mails: ParsedMail[] = [];
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], onData: (stream, _s, cb) => void simpleParser(stream).then((m) => (mails.push(m), cb()), cb) });
  const hooks: { headers: http.IncomingHttpHeaders; body: string; raw: Buffer; url: string }[] = [];
  let hookStatus = 200;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      hooks.push({ headers: req.headers, body: raw.toString("utf8"), raw, url: req.url ?? "" });
      res.writeHead(req.url?.startsWith("/push") ? 201 : hookStatus).end();
    });
  });
  let receiverUrl = "";
  let incidentSeq = 0;

  /** An incident as detection stores it, opened at `openedAt`, in these scopes (the first its primary). */
  async function incident(openedAt: Date, scopes: { kind: string; key: string }[], endedAt: Date | null = null) {
    // Each its own start: detection keys a scope's episode by (scope, start).
    const start = new Date(openedAt.getTime() - 15 * MIN - ++incidentSeq * 1000);
    const [row] = await t.handle.db
      .insert(incidents)
      .values({ scopeKind: scopes[0]!.kind, scopeKey: scopes[0]!.key, startedAt: start, endedAt, lastUnusualAt: endedAt ?? openedAt, reports: 90 + incidentSeq, expected: 6, peakAt: openedAt, peakCount: 20, peakExpected: 1, updatedAt: openedAt })
      .returning({ id: incidents.id });
    await t.handle.db.insert(incidentScopes).values(
      scopes.map((s) => ({ incidentId: row!.id, kind: s.kind, key: s.key, startedAt: start, endedAt, openedAt, lastUnusualAt: endedAt ?? openedAt, reports: 40, expected: 3, peakAt: openedAt, peakCount: 10, peakExpected: 1 })),
    );
    return row!.id;
  }
  // Each request from its own address, as the server entry writes it (the per-client limit is tested on its own).
  let client = 0;
  const post = (body: unknown, from = `198.51.100.${++client}`) =>
    subscribe(new Request("http://localhost/api/v1/alerts", { method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": from }, body: JSON.stringify(body) }));
  const deliver = (now: Date) => deliverDue(t.handle.db, { baseUrl: BASE, timeZone: "Asia/Karachi", env: env() }, now);
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  beforeAll(async () => {
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    Object.assign(process.env, {
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      MAIL_FROM: "Disruption Watch <alerts@disruption.example.org>",
      PUBLIC_URL: BASE,
      WEBHOOK_ALLOW_PRIVATE: "1",
    });
    reloadEnv();
    t = await createTestDatabase(driver);
    useRuntime(t);
  });
  afterAll(async () => {
    for (const k of ["SMTP_URL", "MAIL_FROM", "PUBLIC_URL", "WEBHOOK_ALLOW_PRIVATE"]) delete process.env[k];
    reloadEnv();
    await new Promise((r) => smtp.close(() => r(undefined)));
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    await t?.drop();
  });
  beforeEach(async () => {
    mails.length = 0;
    hooks.length = 0;
    hookStatus = 200;
    await t.handle.db.delete(notifications);
    await t.handle.db.delete(subscriptions);
    await t.handle.db.delete(incidents);
  });

  it("e-mail: nothing until the confirmation link is followed, then one notice with one-click unsubscribe, and nothing after it", async () => {
    const res = await post({ channel: "email", email: "Reader@Example.org", follows: { services: ["whatsapp"], areas: ["sindh"] }, lang: "en" });
    expect(res.status).toBe(201);
    await waitFor(() => mails.length === 1);
    const confirmation = mails[0]!;
    expect(confirmation.subject).toBe("Confirm your alert (Disruption Watch)");
    expect(confirmation.text).toContain("WhatsApp, Sindh");
    const token = /confirm\?token=([\w-]+)/.exec(confirmation.text ?? "")![1]!;

    const now = new Date();
    await incident(new Date(now.getTime() - MIN), [{ kind: "service", key: "whatsapp" }, { kind: "province", key: "sindh" }]);
    expect(await queueNotices(t.handle.db, now)).toBe(0);

    const confirmed = await confirmRoute(new Request(`http://localhost/api/v1/alerts/confirm/${token}`, { method: "POST" }), { params: Promise.resolve({ token }) });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toContain("result=confirmed");
    // An incident that opened before the subscription began is not news to it.
    expect(await queueNotices(t.handle.db, new Date(now.getTime() + MIN))).toBe(0);

    const later = new Date(Date.now() + 5 * MIN);
    const id = await incident(later, [{ kind: "service-isp", key: "whatsapp|zong" }, { kind: "service", key: "whatsapp" }, { kind: "district", key: "karachi-south" }, { kind: "isp", key: "zong" }]);
    // An incident in Punjab only is not followed.
    await incident(later, [{ kind: "service", key: "whatsapp" }, { kind: "province", key: "punjab" }]);
    expect(await queueNotices(t.handle.db, new Date(later.getTime() + MIN))).toBe(1);
    expect(await deliver(new Date(later.getTime() + MIN))).toEqual({ sent: 1, retried: 0, failed: 0 });
    // Every attempt is recorded, whatever the channel (the ISP desk shows its webhooks').
    expect(await t.handle.db.select({ ok: deliveryAttempts.ok, status: deliveryAttempts.status, error: deliveryAttempts.error }).from(deliveryAttempts)).toEqual([{ ok: true, status: 250, error: null }]);
    await waitFor(() => mails.length === 2);
    const notice = mails[1]!;
    expect(notice.subject).toMatch(/^WhatsApp on Zong: disruption from /);
    expect(notice.text).toContain(`${BASE}/incidents/${id}`);
    expect(notice.text).toContain(`${BASE}/brief?from=`);
    const header = (name: string) => notice.headerLines.find((h) => h.key === name)?.line ?? "";
    expect(header("list-unsubscribe")).toContain(`<${BASE}/api/v1/alerts/unsubscribe/${token}>`);
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");

    // A link scanner's GET does not unsubscribe; the mail client's one-click POST does.
    expect((await unsubscribeGet(new Request(`http://localhost/api/v1/alerts/unsubscribe/${token}`), { params: Promise.resolve({ token }) })).status).toBe(303);
    const oneClick = await unsubscribeRoute(
      new Request(`http://localhost/api/v1/alerts/unsubscribe/${token}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" }),
      { params: Promise.resolve({ token }) },
    );
    expect(oneClick.status).toBe(200);
    // The address is gone with the subscription.
    expect(JSON.stringify(await t.handle.db.select().from(subscriptions))).not.toContain("example.org");
    const after = new Date(later.getTime() + 10 * MIN);
    await incident(after, [{ kind: "service", key: "whatsapp" }]);
    expect(await queueNotices(t.handle.db, new Date(after.getTime() + MIN))).toBe(0);
  });

  it("e-mail: a confirmation link expires after 48 hours, and the unconfirmed address is deleted", async () => {
    const made = await createSubscription(t.handle.db, { channel: "email", email: "late@example.org", follows: { services: [], isps: [], areas: [] }, notifyEnd: false, lang: "en" }, new Date());
    expect(await confirmSubscription(t.handle.db, made.token, new Date(Date.now() + 47 * 3600_000))).not.toBe("expired");
    await t.handle.db.update(subscriptions).set({ confirmedAt: null });
    const dayLater = new Date(Date.now() + 49 * 3600_000);
    expect(await confirmSubscription(t.handle.db, made.token, dayLater)).toBe("expired");
    await pruneUnconfirmed(t.handle.db, dayLater);
    expect(await t.handle.db.select().from(subscriptions)).toEqual([]);
    // A made-up token is unknown.
    expect(await confirmSubscription(t.handle.db, `${made.id}-${"x".repeat(32)}`, new Date())).toBe("unknown");
  });

  it("will not mail-bomb an address or flood a receiver: 3 subscriptions of one target and 5 of one client an hour, then 429 and nothing stored", async () => {
    const ask = () => post({ channel: "email", email: "target@example.net" });
    for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(201);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe("email");
    expect((await t.handle.db.select().from(subscriptions)).length).toBe(3);
    const one = "203.0.113.7";
    for (let i = 0; i < 5; i++) expect((await post({ channel: "webhook", url: `${receiverUrl}/hook-${i}` }, one)).status).toBe(201);
    expect((await post({ channel: "webhook", url: `${receiverUrl}/hook-9` }, one)).status).toBe(429);
    // Bad targets are named and refused: credentials in a webhook URL, a push key of the wrong size.
    const bad = await post({ channel: "webhook", url: "https://user:pw@example.org/hook" });
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("url");
    const badKey = await post({ channel: "push", subscription: { endpoint: "https://push.example.org/x", keys: { p256dh: "short", auth: "short" } } });
    expect(((await badKey.json()) as { error: { field: string } }).error.field).toBe("subscription.keys.p256dh");
  });

  it("one notice per incident and event across two instances and a restart; the end too when asked", async () => {
    const res = await post({ channel: "webhook", url: `${receiverUrl}/hook`, follows: { isps: ["jazz"] }, notifyEnd: true });
    expect(res.status).toBe(201);
    const { secret } = (await res.json()) as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    const opened = new Date(Date.now() + MIN);
    const id = await incident(opened, [{ kind: "isp", key: "jazz" }, { kind: "province", key: "punjab" }, { kind: "service-isp", key: "internet|jazz" }]);
    const at = new Date(opened.getTime() + MIN);
    // Two instances queue and deliver at the same moment.
    await Promise.all([queueNotices(t.handle.db, at), queueNotices(t.handle.db, at)]);
    const runs = await Promise.all([deliver(at), deliver(at)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    // A restart: the queue runs again over the same incident.
    expect(await queueNotices(t.handle.db, new Date(at.getTime() + MIN))).toBe(0);
    expect((await deliver(new Date(at.getTime() + MIN))).sent).toBe(0);
    expect(hooks).toHaveLength(1);
    // Verified as a receiver verifies it.
    const payload = new Webhook(secret).verify(hooks[0]!.body, hooks[0]!.headers as Record<string, string>) as { type: string; data: { id: number; url: string } };
    expect(payload).toMatchObject({ type: "incident.opened", data: { id, url: `${BASE}/incidents/${id}` } });
    expect(() => new Webhook(`whsec_${randomBytes(24).toString("base64")}`).verify(hooks[0]!.body, hooks[0]!.headers as Record<string, string>)).toThrow();

    const ended = new Date(at.getTime() + 30 * MIN);
    await t.handle.db.update(incidents).set({ endedAt: ended }).where(eq(incidents.id, id));
    await queueNotices(t.handle.db, new Date(ended.getTime() + MIN));
    await deliver(new Date(ended.getTime() + MIN));
    expect(hooks.map((h) => JSON.parse(h.body).type)).toEqual(["incident.opened", "incident.ended"]);
    expect(new Set(hooks.map((h) => h.headers["webhook-id"])).size).toBe(2);
  });

  it("retries a failing receiver on its schedule with the same webhook-id, then marks it failed; a 410 ends the subscription", async () => {
    await post({ channel: "webhook", url: `${receiverUrl}/flaky`, follows: {} });
    hookStatus = 500;
    let now = new Date(Date.now() + MIN);
    await incident(now, [{ kind: "service", key: "youtube" }]);
    await queueNotices(t.handle.db, new Date(now.getTime() + 1000));
    for (let i = 0; i < 12; i++) {
      const [n] = await t.handle.db.select().from(notifications);
      if (n!.status !== "pending") break;
      now = new Date(Math.max(now.getTime(), n!.nextAttemptAt.getTime()) + 1000);
      await deliver(now);
    }
    const [n] = await t.handle.db.select().from(notifications);
    expect(n).toMatchObject({ status: "failed", attempts: 10, lastStatus: 500 });
    expect((await t.handle.db.select().from(deliveryAttempts)).map((a) => [a.ok, a.status])).toEqual(Array.from({ length: 10 }, () => [false, 500]));
    expect(new Set(hooks.map((h) => h.headers["webhook-id"])).size).toBe(1);

    await t.handle.db.delete(notifications);
    hookStatus = 410;
    await queueNotices(t.handle.db, new Date(now.getTime() - 1000));
    await t.handle.db.execute(sql`update notifications set status = 'pending', next_attempt_at = now() - interval '1 minute'`);
    const next = new Date(Date.now() + 2 * MIN);
    await incident(next, [{ kind: "service", key: "youtube" }]);
    await queueNotices(t.handle.db, new Date(next.getTime() + 1000));
    await deliver(new Date(next.getTime() + 2000));
    const [sub] = await t.handle.db.select().from(subscriptions);
    expect(sub!.unsubscribedAt).not.toBeNull();
  });

  it("Web Push: the payload is encrypted for the subscription, and its keys decrypt it", async () => {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const auth = randomBytes(16);
    await createSubscription(
      t.handle.db,
      {
        channel: "push",
        subscription: { endpoint: `${receiverUrl}/push/abc`, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") } },
        follows: { services: ["vpn"], isps: [], areas: [] },
        notifyEnd: false,
        lang: "ur",
      },
      new Date(),
    );
    const opened = new Date(Date.now() + MIN);
    const id = await incident(opened, [{ kind: "service", key: "vpn" }]);
    await queueNotices(t.handle.db, new Date(opened.getTime() + 1000));
    const run = await deliver(new Date(opened.getTime() + 1000));
    expect(run, JSON.stringify(await t.handle.db.select().from(notifications))).toMatchObject({ sent: 1 });
    expect(await t.handle.db.select({ ok: deliveryAttempts.ok, status: deliveryAttempts.status }).from(deliveryAttempts)).toEqual([{ ok: true, status: 201 }]);
    const got = hooks.find((h) => h.url.startsWith("/push"))!;
    expect(got.headers["content-encoding"]).toBe("aes128gcm");
    expect(String(got.headers.authorization)).toMatch(/^vapid t=/);
    const payload = JSON.parse(ece.decrypt(got.raw, { version: "aes128gcm", privateKey: ecdh, authSecret: auth }).toString("utf8")) as { title: string; url: string; tag: string };
    expect(payload).toMatchObject({ url: `${BASE}/ur/incidents/${id}`, tag: `incident-${id}-opened` });
    expect(payload.title).toMatch(/وی پی این/);
  });
});

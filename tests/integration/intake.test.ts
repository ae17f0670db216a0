import { createHmac } from "node:crypto";
import fs from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as smsGateway } from "@/app/api/v1/intake/sms-gateway/route";
import { POST as twilio } from "@/app/api/v1/intake/twilio/route";
import { GET as whatsappHandshake, POST as whatsapp } from "@/app/api/v1/intake/whatsapp/route";
import { rowsOf } from "@/db/client";
import { intakeConversations, intakeOptOuts, reports } from "@/db/schema";
import { reloadEnv } from "@/lib/env";
import { createTestDatabase, DRIVERS, useRuntime, type TestDatabase } from "@/tests/support/databases";

// Reports by text message through each gateway's real route, on both
// databases: the recorded payloads signed as each gateway signs them (the
// signing here is the test's own, from each gateway's documentation), valid
// and tampered; a two-message conversation; STOP; a retried delivery.

const PUBLIC_URL = "https://disruption.example.org";
const SETTINGS = {
  PUBLIC_URL,
  TWILIO_AUTH_TOKEN: "test_auth_token",
  WHATSAPP_APP_SECRET: "test_app_secret",
  WHATSAPP_VERIFY_TOKEN: "verify-token-123",
  SMS_GATEWAY_SECRET: "testkey8",
};
const fixture = (name: string) => fs.readFileSync(`tests/fixtures/intake/${name}`);

const twilioSignature = (url: string, form: URLSearchParams) =>
  createHmac("sha1", SETTINGS.TWILIO_AUTH_TOKEN)
    .update(url + [...form.keys()].sort().map((k) => k + form.get(k)).join(""))
    .digest("base64");

/** Twilio's recorded SMS with another body and message id, signed for our route. */
function twilioRequest(body: string, sid: string, o: { from?: string; tamper?: boolean } = {}): Request {
  const form = new URLSearchParams(fixture("twilio-sms.txt").toString("utf8"));
  form.set("Body", body);
  for (const k of ["MessageSid", "SmsSid", "SmsMessageSid"]) form.set(k, sid);
  if (o.from) form.set("From", o.from);
  const url = `${PUBLIC_URL}/api/v1/intake/twilio`;
  const signature = twilioSignature(url, form);
  if (o.tamper) form.set("Body", `${body} x`);
  return new Request("http://localhost/api/v1/intake/twilio", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature },
    body: form.toString(),
  });
}
const reply = async (res: Response) => {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/xml");
  const xml = await res.text();
  return /<Message>([\s\S]*)<\/Message>/.exec(xml)?.[1] ?? null;
};

describe.each(DRIVERS)("reports by SMS and WhatsApp on %s", (driver) => {
  let t: TestDatabase;
  const count = async (source?: "sms" | "whatsapp") =>
    (await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(reports).where(source ? eq(reports.source, source) : undefined))[0]!.n;

  beforeAll(async () => {
    Object.assign(process.env, SETTINGS);
    reloadEnv();
    t = await createTestDatabase(driver);
    useRuntime(t);
  });
  afterAll(async () => {
    for (const k of Object.keys(SETTINGS)) delete process.env[k];
    reloadEnv();
    await t?.drop();
  });

  it("Twilio: a signed SMS becomes a report and gets a reply; a tampered one is refused and changes nothing", async () => {
    const text = await reply(await twilio(twilioRequest("ZONG KARACHI WHATSAPP", "SM00000000000000000000000000000001")));
    expect(text).toMatch(/^Thank you\. Recorded: WhatsApp on Zong in /);
    const [stored] = await t.handle.db.select().from(reports).where(eq(reports.source, "sms"));
    expect(stored).toMatchObject({ isp: "zong", service: "whatsapp", connection: "mobile", source: "sms" });
    expect(stored!.area).toMatch(/^karachi/);

    const before = await count();
    const res = await twilio(twilioRequest("ZONG KARACHI WHATSAPP", "SM00000000000000000000000000000002", { tamper: true }));
    expect(res.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it("stores a message the gateway delivers twice once", async () => {
    const before = await count("sms");
    for (let i = 0; i < 2; i++) await reply(await twilio(twilioRequest("jazz lahore net band", "SM00000000000000000000000000000003")));
    expect(await count("sms")).toBe(before + 1);
    const [stored] = await t.handle.db.select().from(reports).where(eq(reports.isp, "jazz"));
    expect(stored).toMatchObject({ service: "internet", problem: "no_connection", area: "lahore" });
  });

  it("completes one report from two messages: the second gives what the first lacked", async () => {
    const before = await count("sms");
    const from = "+923009876543";
    const ask = await reply(await twilio(twilioRequest("youtube bohat sust hai ptcl", "SM00000000000000000000000000000004", { from })));
    expect(ask).toMatch(/shehar/i);
    expect(await count("sms")).toBe(before);
    const [waiting] = await t.handle.db.select().from(intakeConversations);
    expect(waiting!.fields).toMatchObject({ isp: "ptcl", service: "youtube", problem: "slow" });
    const done = await reply(await twilio(twilioRequest("islamabad", "SM00000000000000000000000000000005", { from })));
    expect(done).toMatch(/^Shukriya!/);
    expect(await count("sms")).toBe(before + 1);
    const [stored] = await t.handle.db.select().from(reports).where(eq(reports.isp, "ptcl"));
    expect(stored).toMatchObject({ service: "youtube", problem: "slow", connection: "fixed", area: "islamabad" });
    expect(await t.handle.db.select().from(intakeConversations)).toEqual([]);
  });

  it("honours STOP: no more replies, reports still counted, until START", async () => {
    const from = "+923331112223";
    expect(await reply(await twilio(twilioRequest("STOP", "SM00000000000000000000000000000006", { from })))).toMatch(/no more replies/);
    const before = await count("sms");
    expect(await reply(await twilio(twilioRequest("UFONE QUETTA WHATSAPP", "SM00000000000000000000000000000007", { from })))).toBeNull();
    expect(await count("sms")).toBe(before + 1);
    expect(await reply(await twilio(twilioRequest("HELP", "SM00000000000000000000000000000008", { from })))).toBeNull();
    expect(await reply(await twilio(twilioRequest("START", "SM00000000000000000000000000000009", { from })))).toMatch(/on again/);
    expect(await reply(await twilio(twilioRequest("HELP", "SM00000000000000000000000000000010", { from })))).toMatch(/^Send:/);
  });

  it("answers a short code's message with nothing, and refuses a text it cannot read politely", async () => {
    expect(await reply(await twilio(twilioRequest("ZONG KARACHI WHATSAPP", "SM00000000000000000000000000000011", { from: "8558" })))).toBeNull();
    expect(await reply(await twilio(twilioRequest("hello there", "SM00000000000000000000000000000012", { from: "+923451234567" })))).toMatch(/could not read/);
    // Never twice in a row: an auto-responder answering each reply would loop.
    expect(await reply(await twilio(twilioRequest("auto reply: I am away", "SM00000000000000000000000000000013", { from: "+923451234567" })))).toBeNull();
  });

  it("Meta WhatsApp: answers the handshake, takes a signed event, refuses a tampered one", async () => {
    const ok = await whatsappHandshake(new Request("http://localhost/api/v1/intake/whatsapp?hub.mode=subscribe&hub.verify_token=verify-token-123&hub.challenge=1158201444"));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await whatsappHandshake(new Request("http://localhost/api/v1/intake/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"));
    expect(wrong.status).toBe(403);

    const body = fixture("meta-text.json");
    const post = (raw: Buffer, signature: string) =>
      whatsapp(new Request("http://localhost/api/v1/intake/whatsapp", { method: "POST", headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signature }, body: new Uint8Array(raw) }));
    const recorded = "sha256=1883ccf3be89cedfa64084952fb0fbf1f404937b858b0732483fb246312dde56";
    const before = await count("whatsapp");
    const tampered = await post(Buffer.from(body.toString("utf8").replace("wamid.TEST0001", "wamid.TEST0002")), recorded);
    expect(tampered.status).toBe(403);
    expect(await count("whatsapp")).toBe(before);
    // The recorded event is a year old: its timestamp is past the 72 hours a report may look back, so it is read but not stored.
    const res = await post(body, recorded);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, outcomes: ["unreadable"] });
    // The same event now.
    const now = Buffer.from(body.toString("utf8").replace('"1739321024"', `"${Math.floor(Date.now() / 1000)}"`));
    const fresh = await post(now, `sha256=${createHmac("sha256", SETTINGS.WHATSAPP_APP_SECRET).update(now).digest("hex")}`);
    expect(await fresh.json()).toEqual({ received: 1, outcomes: ["recorded"] });
    const [stored] = await t.handle.db.select().from(reports).where(eq(reports.source, "whatsapp"));
    expect(stored).toMatchObject({ isp: "zong", service: "whatsapp" });
  });

  it("the Android gateway: a signed sms:received within 5 minutes is a report; an old or unsigned one is refused", async () => {
    const body = Buffer.from(fixture("sms-gateway.json").toString("utf8").replace("2026-03-01T15:46:11.000+05:00", new Date().toISOString()));
    const send = (ts: string, signature: string) =>
      smsGateway(new Request("http://localhost/api/v1/intake/sms-gateway", { method: "POST", headers: { "Content-Type": "application/json", "X-Timestamp": ts, "X-Signature": signature }, body: new Uint8Array(body) }));
    const sign = (ts: string) => createHmac("sha256", SETTINGS.SMS_GATEWAY_SECRET).update(Buffer.concat([body, Buffer.from(ts)])).digest("hex");
    const old = String(Math.floor(Date.now() / 1000) - 600);
    expect((await send(old, sign(old))).status).toBe(403);
    expect((await send(String(Math.floor(Date.now() / 1000)), "0".repeat(64))).status).toBe(403);
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await send(ts, sign(ts));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "recorded", reply: expect.stringMatching(/VPN/) });
    const [stored] = await t.handle.db.select().from(reports).where(eq(reports.problem, "vpn_blocked"));
    expect(stored).toMatchObject({ isp: "jazz", service: "vpn", area: "lahore", source: "sms" });
  });

  it("keeps no phone number anywhere", async () => {
    for (const table of ["reports", "intake_conversations", "intake_opt_outs", "settings"]) {
      const rows = rowsOf<Record<string, unknown>>(await t.handle.db.execute(sql.raw(`select * from ${table}`)));
      expect(JSON.stringify(rows), table).not.toMatch(/923001234567|923009876543|923331112223/);
    }
    expect((await t.handle.db.select().from(intakeOptOuts)).length).toBe(0);
  });

  it("answers 404 on a gateway that is not configured", async () => {
    delete process.env.TWILIO_AUTH_TOKEN;
    reloadEnv();
    try {
      expect((await twilio(twilioRequest("ZONG KARACHI WHATSAPP", "SM00000000000000000000000000000099"))).status).toBe(404);
    } finally {
      process.env.TWILIO_AUTH_TOKEN = SETTINGS.TWILIO_AUTH_TOKEN;
      reloadEnv();
    }
  });
});

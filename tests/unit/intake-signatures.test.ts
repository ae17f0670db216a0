import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { metaMessages, mayReply, smsGatewayMessage, twilioMessage } from "@/lib/intake/payloads";
import { verifyMeta, verifySmsGateway, verifyTwilio } from "@/lib/intake/signatures";

// The gateways' signatures on their published or recorded vectors
// (tests/fixtures/intake/README.md), and what each payload becomes.

const fixture = (name: string) => fs.readFileSync(`tests/fixtures/intake/${name}`);

describe("Twilio's X-Twilio-Signature", () => {
  it("matches Twilio's published example", () => {
    const params = new URLSearchParams({ CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" });
    expect(verifyTwilio("12345", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "https://mycompany.com/myapp.php?foo=1&bar=2", params)).toBe(true);
    // With the default port written out, as Twilio sometimes signs it.
    expect(verifyTwilio("12345", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "https://mycompany.com:443/myapp.php?foo=1&bar=2", params)).toBe(true);
  });

  it("matches the recorded Pakistani SMS, and nothing tampered", () => {
    const form = new URLSearchParams(fixture("twilio-sms.txt").toString("utf8"));
    const url = "https://disruption.example.org/api/intake/twilio";
    expect(verifyTwilio("test_auth_token", "2YfPUM3mchHTxkJj8Nlo2wvnlaY=", url, form)).toBe(true);
    expect(verifyTwilio("other_token", "2YfPUM3mchHTxkJj8Nlo2wvnlaY=", url, form)).toBe(false);
    expect(verifyTwilio("test_auth_token", "2YfPUM3mchHTxkJj8Nlo2wvnlaY=", `${url}?x=1`, form)).toBe(false);
    const changed = new URLSearchParams(form);
    changed.set("Body", "JAZZ KARACHI WHATSAPP");
    expect(verifyTwilio("test_auth_token", "2YfPUM3mchHTxkJj8Nlo2wvnlaY=", url, changed)).toBe(false);
    expect(verifyTwilio("test_auth_token", null, url, form)).toBe(false);
  });

  it("reads an SMS and a WhatsApp message from the form", () => {
    expect(twilioMessage(new URLSearchParams(fixture("twilio-sms.txt").toString("utf8")))).toMatchObject({
      channel: "sms",
      from: "+923001234567",
      text: "ZONG KARACHI WHATSAPP",
      messageId: "SM00000000000000000000000000000001",
    });
    expect(twilioMessage(new URLSearchParams(fixture("twilio-whatsapp.txt").toString("utf8")))).toMatchObject({ channel: "whatsapp", from: "+558282136275", text: "Olá" });
    expect(twilioMessage(new URLSearchParams("Body=hi"))).toBeNull();
  });
});

describe("Meta's X-Hub-Signature-256", () => {
  const body = fixture("meta-text.json");
  const header = "sha256=1883ccf3be89cedfa64084952fb0fbf1f404937b858b0732483fb246312dde56";

  it("is over the raw bytes as sent, Urdu escapes and all", () => {
    expect(verifyMeta("test_app_secret", header, body)).toBe(true);
    // Parsed and written again, the same JSON has other bytes: it must not verify.
    expect(verifyMeta("test_app_secret", header, Buffer.from(JSON.stringify(JSON.parse(body.toString("utf8")))))).toBe(false);
    expect(verifyMeta("wrong_secret", header, body)).toBe(false);
    expect(verifyMeta("test_app_secret", header.toUpperCase(), body)).toBe(false);
    expect(verifyMeta("test_app_secret", null, body)).toBe(false);
  });

  it("reads the text messages of an event, decoded", () => {
    expect(metaMessages(JSON.parse(body.toString("utf8")))).toEqual({
      messages: [expect.objectContaining({ channel: "whatsapp", from: "923001234567", text: "زونگ کراچی واٹس ایپ", messageId: "wamid.TEST0001", phoneNumberId: "106540352242922" })],
    });
    expect(metaMessages({ object: "page", entry: [] })).toBeNull();
  });
});

describe("the Android gateway's X-Signature", () => {
  const body = fixture("sms-gateway.json");
  const signature = "f03666ab2b86f2c043d7839b9b4251dc3fa06b58c63b50cf7e62e46085438cc7";
  const at = new Date(1772362000 * 1000);

  it("is over the body and the timestamp, within 5 minutes", () => {
    expect(verifySmsGateway("testkey8", signature, "1772362000", body, at)).toBe(true);
    expect(verifySmsGateway("testkey8", signature, "1772362000", body, new Date(at.getTime() + 299_000))).toBe(true);
    expect(verifySmsGateway("testkey8", signature, "1772362000", body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySmsGateway("testkey8", signature, "1772362001", body, at)).toBe(false);
    expect(verifySmsGateway("testkey9", signature, "1772362000", body, at)).toBe(false);
    expect(verifySmsGateway("testkey8", signature, "1772362000", Buffer.concat([body, Buffer.from(" ")]), at)).toBe(false);
  });

  it("reads an sms:received event and acknowledges the others", () => {
    expect(smsGatewayMessage(JSON.parse(body.toString("utf8")))).toEqual({
      message: expect.objectContaining({ channel: "sms", from: "+923001234567", text: "JAZZ LAHORE VPN", messageId: "Ey6ECgOkVVFjz3CL48B8C" }),
    });
    expect(smsGatewayMessage({ id: "x", event: "system:ping" })).toEqual({ message: null });
  });
});

describe("replies", () => {
  const m = (from: string, to: string | null = null) => ({ gateway: "twilio" as const, channel: "sms" as const, from, to, text: "", messageId: "1", receivedAt: null });
  it("go to phone numbers, never to short codes, names or the gateway's own number", () => {
    expect(mayReply(m("+923001234567"))).toBe(true);
    expect(mayReply(m("8558"))).toBe(false);
    expect(mayReply(m("JAZZ"))).toBe(false);
    expect(mayReply(m("+923001234567", "+923001234567"))).toBe(false);
  });
});

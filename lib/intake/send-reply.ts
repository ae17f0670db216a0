import { escapeMarkup } from "@/lib/http/escape-markup";

// Replies that go out through a gateway's own API (Twilio takes its reply in
// the webhook's answer instead). Each gives up after 10 s; the caller logs a
// failure without the number.

const TIMEOUT_MS = 10_000;
export const GRAPH_API = "https://graph.facebook.com/v25.0";

/** WhatsApp Cloud API: a text message from the business number that received the report. */
export async function sendWhatsApp(accessToken: string, phoneNumberId: string, to: string, text: string): Promise<void> {
  const res = await fetch(`${GRAPH_API}/${encodeURIComponent(phoneNumberId)}/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to, type: "text", text: { body: text, preview_url: false } }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`WhatsApp Cloud API answered ${res.status}`);
}

/** The Android SMS gateway's send endpoint (its address carries the Basic credentials: http://user:pass@host:8080/message). */
export async function sendViaGateway(sendUrl: string, to: string, text: string): Promise<void> {
  const url = new URL(sendUrl);
  const auth = url.username ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}` : undefined;
  url.username = "";
  url.password = "";
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
    body: JSON.stringify({ textMessage: { text }, phoneNumbers: [to] }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`the SMS gateway answered ${res.status}`);
}

/** Twilio's answer: the reply as TwiML, or an empty Response (no reply). */
export function twiml(reply: string | null): string {
  return reply === null
    ? `<?xml version="1.0" encoding="UTF-8"?><Response/>`
    : `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeMarkup(reply)}</Message></Response>`;
}

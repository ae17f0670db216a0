import { handleInbound } from "@/db/intake/inbound";
import { runtime } from "@/db/runtime";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { errorResponse, json } from "@/lib/http/respond";
import { parseJson, readCappedBytes } from "@/lib/http/read-json";
import { metaMessages } from "@/lib/intake/payloads";
import { badSignature, gatewayOff, MAX_INTAKE_BYTES } from "@/lib/intake/route-helpers";
import { sendWhatsApp } from "@/lib/intake/send-reply";
import { sameSecret, verifyMeta } from "@/lib/intake/signatures";
import { errorMessage, log } from "@/lib/ops/log";

/**
 * Meta's WhatsApp Cloud API webhook. GET: the subscription handshake
 * (hub.mode=subscribe, hub.verify_token, answered with hub.challenge).
 * POST: an event, X-Hub-Signature-256 over the raw body; each text message
 * is one report or answer, replied through the Cloud API when
 * WHATSAPP_ACCESS_TOKEN is set. 404 unless WHATSAPP_APP_SECRET and
 * WHATSAPP_VERIFY_TOKEN are set; 403 when the token or signature fails.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const { WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN } = env();
    if (!WHATSAPP_APP_SECRET || !WHATSAPP_VERIFY_TOKEN) throw gatewayOff();
    const q = new URL(request.url).searchParams;
    const challenge = q.get("hub.challenge") ?? "";
    if (q.get("hub.mode") !== "subscribe" || !sameSecret(q.get("hub.verify_token") ?? "", WHATSAPP_VERIFY_TOKEN) || !/^[\w-]{1,128}$/.test(challenge)) {
      throw new ApiError(403, "bad_verify_token", "hub.verify_token: does not match this server's WHATSAPP_VERIFY_TOKEN", "hub.verify_token");
    }
    return new Response(challenge, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request): Promise<Response> {
  try {
    const { WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_ACCESS_TOKEN } = env();
    if (!WHATSAPP_APP_SECRET || !WHATSAPP_VERIFY_TOKEN) throw gatewayOff();
    const raw = await readCappedBytes(request, MAX_INTAKE_BYTES);
    if (!verifyMeta(WHATSAPP_APP_SECRET, request.headers.get("x-hub-signature-256"), raw)) throw badSignature();
    const body = parseJson(raw);
    const event = metaMessages(body);
    if (!event) throw new ApiError(400, "invalid_event", "object: not a WhatsApp Business Account event", "object");
    const { handle, ingest } = runtime();
    const outcomes: string[] = [];
    for (const message of event.messages) {
      const result = await handleInbound(handle.db, ingest, message);
      outcomes.push(result.outcome);
      if (result.reply && WHATSAPP_ACCESS_TOKEN && message.phoneNumberId) {
        // After the answer: Meta wants its webhook answered quickly.
        void sendWhatsApp(WHATSAPP_ACCESS_TOKEN, message.phoneNumberId, message.from, result.reply).catch((error) =>
          log().warn({ gateway: "whatsapp", err: errorMessage(error) }, "reply not sent"),
        );
      }
    }
    return json({ received: event.messages.length, outcomes });
  } catch (error) {
    return errorResponse(error);
  }
}

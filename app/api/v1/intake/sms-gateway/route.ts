import { handleInbound } from "@/db/intake/inbound";
import { runtime } from "@/db/runtime";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { errorResponse, json } from "@/lib/http/respond";
import { parseJson, readCappedBytes } from "@/lib/http/read-json";
import { smsGatewayMessage } from "@/lib/intake/payloads";
import { badSignature, gatewayOff, MAX_INTAKE_BYTES } from "@/lib/intake/route-helpers";
import { sendViaGateway } from "@/lib/intake/send-reply";
import { verifySmsGateway } from "@/lib/intake/signatures";
import { errorMessage, log } from "@/lib/ops/log";

/**
 * POST /api/v1/intake/sms-gateway: the self-hosted Android SMS gateway
 * (capcom6's SMS Gateway for Android), X-Signature = HMAC-SHA256 of the raw
 * body and X-Timestamp, within 5 minutes. An sms:received event is one
 * report or answer, replied through SMS_GATEWAY_SEND_URL when set (and
 * given in the answer too); other events are acknowledged. 404 unless
 * SMS_GATEWAY_SECRET is set; 403 when the signature or time fails.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const { SMS_GATEWAY_SECRET, SMS_GATEWAY_SEND_URL } = env();
    if (!SMS_GATEWAY_SECRET) throw gatewayOff();
    const raw = await readCappedBytes(request, MAX_INTAKE_BYTES);
    if (!verifySmsGateway(SMS_GATEWAY_SECRET, request.headers.get("x-signature"), request.headers.get("x-timestamp"), raw, new Date())) throw badSignature();
    const body = parseJson(raw);
    const event = smsGatewayMessage(body);
    if (!event) throw new ApiError(400, "invalid_event", "payload: an sms:received event needs its sender", "payload");
    if (!event.message) return json({ outcome: "ignored", reply: null });
    const { handle, ingest } = runtime();
    const result = await handleInbound(handle.db, ingest, event.message);
    if (result.reply && SMS_GATEWAY_SEND_URL) {
      void sendViaGateway(SMS_GATEWAY_SEND_URL, event.message.from, result.reply).catch((error) =>
        log().warn({ gateway: "sms-gateway", err: errorMessage(error) }, "reply not sent"),
      );
    }
    return json({ outcome: result.outcome, reply: result.reply });
  } catch (error) {
    return errorResponse(error);
  }
}

import { handleInbound } from "@/db/intake/inbound";
import { runtime } from "@/db/runtime";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { readCappedBytes } from "@/lib/http/read-json";
import { twilioMessage } from "@/lib/intake/payloads";
import { badSignature, calledUrl, gatewayOff, MAX_INTAKE_BYTES } from "@/lib/intake/route-helpers";
import { twiml } from "@/lib/intake/send-reply";
import { verifyTwilio } from "@/lib/intake/signatures";

/**
 * POST /api/v1/intake/twilio: Twilio's webhook for SMS and WhatsApp (form
 * fields, X-Twilio-Signature over PUBLIC_URL + path and every field). The
 * answer is TwiML: the reply as a <Message>, or an empty <Response/>.
 * 404 unless TWILIO_AUTH_TOKEN is set; 403 when the signature fails.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const { TWILIO_AUTH_TOKEN: token, PUBLIC_URL } = env();
    if (!token) throw gatewayOff();
    const form = new URLSearchParams((await readCappedBytes(request, MAX_INTAKE_BYTES)).toString("utf8"));
    if (!verifyTwilio(token, request.headers.get("x-twilio-signature"), calledUrl(request, PUBLIC_URL), form)) throw badSignature();
    const message = twilioMessage(form);
    if (!message) throw new ApiError(400, "invalid_message", "MessageSid: a message needs MessageSid and From", "MessageSid");
    const { handle, ingest } = runtime();
    const result = await handleInbound(handle.db, ingest, message);
    return new Response(twiml(result.reply), { headers: { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

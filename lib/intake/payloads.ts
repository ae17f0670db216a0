import { z } from "zod";

// What each gateway sends, reduced to one inbound message: the channel, the
// sender's number (used for a key and a reply, never stored), the text, the
// gateway's own message id (gateways retry: the same id is one report) and
// whether a reply may go back at all.

export type Channel = "sms" | "whatsapp";

export type InboundMessage = {
  gateway: "twilio" | "whatsapp" | "sms-gateway";
  channel: Channel;
  from: string;
  /** The number the message was sent to, when the gateway says. */
  to: string | null;
  text: string;
  messageId: string;
  receivedAt: Date | null;
};

const text = z.string().max(2000);

/** Twilio's form (SMS, or WhatsApp with whatsapp: numbers). */
export function twilioMessage(form: URLSearchParams): InboundMessage | null {
  const parsed = z
    .object({ MessageSid: z.string().min(1).max(64), From: z.string().min(1).max(64), To: z.string().max(64).optional(), Body: text.optional() })
    .safeParse(Object.fromEntries(["MessageSid", "From", "To", "Body"].flatMap((k) => (form.has(k) ? [[k, form.get(k)]] : []))));
  if (!parsed.success) return null;
  const whatsapp = parsed.data.From.startsWith("whatsapp:");
  const strip = (n: string) => n.replace(/^whatsapp:/, "");
  return {
    gateway: "twilio",
    channel: whatsapp ? "whatsapp" : "sms",
    from: strip(parsed.data.From),
    to: parsed.data.To ? strip(parsed.data.To) : null,
    text: parsed.data.Body ?? "",
    messageId: parsed.data.MessageSid,
    receivedAt: null,
  };
}

const metaSchema = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string().optional(),
          value: z.object({
            metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string().optional() }).optional(),
            messages: z
              .array(
                z.object({
                  from: z.string().max(64).optional(),
                  from_user_id: z.string().max(64).optional(),
                  id: z.string().min(1).max(256),
                  timestamp: z.string().regex(/^\d+$/).optional(),
                  type: z.string(),
                  text: z.object({ body: text }).optional(),
                }),
              )
              .optional(),
          }),
        }),
      ),
    }),
  ),
});

/** Meta's WhatsApp Cloud API event: its text messages (receipts and media are not reports), with the business number id to reply from. */
export function metaMessages(body: unknown): { messages: (InboundMessage & { phoneNumberId: string | null })[] } | null {
  const parsed = metaSchema.safeParse(body);
  if (!parsed.success || parsed.data.object !== "whatsapp_business_account") return null;
  const messages = parsed.data.entry.flatMap((e) =>
    e.changes.flatMap((c) =>
      (c.value.messages ?? [])
        .filter((m) => m.type === "text" && m.text && (m.from || m.from_user_id))
        .map((m) => ({
          gateway: "whatsapp" as const,
          channel: "whatsapp" as const,
          from: (m.from ?? m.from_user_id)!,
          to: c.value.metadata?.display_phone_number ?? null,
          text: m.text!.body,
          messageId: m.id,
          receivedAt: m.timestamp ? new Date(Number(m.timestamp) * 1000) : null,
          phoneNumberId: c.value.metadata?.phone_number_id ?? null,
        })),
    ),
  );
  return { messages };
}

const gatewaySchema = z.object({
  id: z.string().min(1).max(128),
  event: z.string(),
  payload: z
    .object({
      message: text.optional(),
      sender: z.string().max(64).optional(),
      phoneNumber: z.string().max(64).optional(),
      recipient: z.string().max(64).nullish(),
      receivedAt: z.string().optional(),
    })
    .optional(),
});

/** The Android gateway's event: an `sms:received` is a message, any other event (sent, delivered, ping) is answered and ignored. */
export function smsGatewayMessage(body: unknown): { message: InboundMessage | null } | null {
  const parsed = gatewaySchema.safeParse(body);
  if (!parsed.success) return null;
  const { id, event, payload } = parsed.data;
  if (event !== "sms:received") return { message: null };
  const from = payload?.sender ?? payload?.phoneNumber;
  if (!payload || !from) return null;
  const at = payload.receivedAt ? new Date(payload.receivedAt) : null;
  return {
    message: {
      gateway: "sms-gateway",
      channel: "sms",
      from,
      to: payload.recipient ?? null,
      text: payload.message ?? "",
      // The envelope's id: the payload's messageId is content-based and may repeat.
      messageId: id,
      receivedAt: at && !Number.isNaN(at.getTime()) ? at : null,
    },
  };
}

/**
 * Whether a reply may go to this sender: not to a short code or a name
 * (operators' and banks' senders, which may answer back in a loop), not to
 * the gateway's own number (its own reply coming round again).
 */
export function mayReply(message: InboundMessage): boolean {
  const digits = message.from.replace(/[^\d]/g, "");
  if (!/^\+?\d[\d\s-]*$/.test(message.from.trim()) || digits.length < 10) return false;
  if (message.to && message.to.replace(/[^\d]/g, "") === digits) return false;
  return true;
}

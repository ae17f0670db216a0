import { z } from "zod";
import { followsSchema } from "@/lib/alerts/follows";

// POST /api/v1/alerts: what a subscriber sends. The channel decides the
// target: an e-mail address, a browser's push subscription (its JSON), or
// a webhook URL (https, or http only where private addresses are allowed).

const pushSubscription = z.strictObject({
  endpoint: z.url({ protocol: /^https$/, error: "invalid_push_endpoint" }).max(2000),
  expirationTime: z.number().nullable().optional(),
  // A P-256 public key (65 bytes) and a 16-byte secret, base64url as browsers give them.
  keys: z.strictObject({ p256dh: z.string().regex(/^[A-Za-z0-9_-]{86,88}={0,2}$/, "invalid_push_keys"), auth: z.string().regex(/^[A-Za-z0-9_-]{21,24}={0,2}$/, "invalid_push_keys") }),
});

const common = {
  follows: followsSchema.default({ services: [], isps: [], areas: [] }),
  notifyEnd: z.boolean().default(false),
  lang: z.enum(["en", "ur"]).default("en"),
};

export const subscribeSchema = z.discriminatedUnion(
  "channel",
  [
    z.strictObject({ channel: z.literal("email"), email: z.email({ error: "invalid_email" }).max(254), ...common }),
    z.strictObject({ channel: z.literal("push"), subscription: pushSubscription, ...common }),
    z.strictObject({
      channel: z.literal("webhook"),
      url: z
        .url({ protocol: /^https?$/, error: "invalid_url" })
        .max(2000)
        .refine((u) => !new URL(u).username && !new URL(u).password, "invalid_url"),
      ...common,
    }),
  ],
  { error: "unknown_channel" },
);
export type SubscribeInput = z.infer<typeof subscribeSchema>;

/** Where a subscription delivers, as stored. */
export function targetOf(input: SubscribeInput): string {
  if (input.channel === "email") return input.email.toLowerCase();
  if (input.channel === "push") return JSON.stringify(input.subscription);
  return input.url;
}

import { isPrivateHost } from "@/lib/alerts/private-address";
import { subscribeSchema } from "@/lib/alerts/subscribe-input";

// The URL an ISP desk registers for its webhook: the same rules as a public
// webhook subscription (POST /api/v1/alerts) — an http(s) URL of at most
// 2,000 characters without credentials, https, and not a private or local
// host (unless WEBHOOK_ALLOW_PRIVATE: a test, a LAN). Where it resolves is
// checked again at each delivery (lib/alerts/safe-post.ts).

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; code: "invalid_url" | "private_address" };

export function checkWebhookUrl(raw: unknown, allowPrivate: boolean): WebhookUrlCheck {
  const parsed = subscribeSchema.safeParse({ channel: "webhook", url: typeof raw === "string" ? raw.trim() : raw });
  if (!parsed.success || parsed.data.channel !== "webhook") return { ok: false, code: "invalid_url" };
  const url = new URL(parsed.data.url);
  if (!allowPrivate && isPrivateHost(url.hostname)) return { ok: false, code: "private_address" };
  if (!allowPrivate && url.protocol !== "https:") return { ok: false, code: "invalid_url" };
  return { ok: true, url: parsed.data.url };
}

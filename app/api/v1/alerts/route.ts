import { eq } from "drizzle-orm";
import { reserveSubscription } from "@/db/alerts/subscribe-limit";
import { mailer } from "@/db/alerts/mailer";
import { clientAddress } from "@/lib/privacy/client-address";
import { createSubscription } from "@/db/alerts/subscriptions";
import { db } from "@/db/runtime";
import { subscriptions } from "@/db/schema";
import { confirmationMail } from "@/lib/alerts/confirmation";
import { isPrivateHost } from "@/lib/alerts/private-address";
import { subscribeSchema, targetOf } from "@/lib/alerts/subscribe-input";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { errorResponse, json } from "@/lib/http/respond";
import { readJsonBody } from "@/lib/http/read-json";
import { publicOrigin } from "@/lib/http/site-origin";
import { log } from "@/lib/ops/log";

/**
 * POST /api/v1/alerts: subscribe (docs/alerts.md). E-mail: a confirmation
 * mail goes out and nothing is sent until its link is followed (400 naming
 * `channel` when e-mail is off); push and webhook start at once. A webhook
 * answer carries its signing secret, once. A bad field is a 400 naming it,
 * and nothing is stored.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = subscribeSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join(".") || "channel";
      throw new ApiError(400, issue.message.match(/^[a-z_]+$/) ? issue.message : "invalid", `${field}: ${issue.message}`, field);
    }
    const input = parsed.data;
    const e = env();
    if (input.channel === "webhook" && !e.WEBHOOK_ALLOW_PRIVATE && isPrivateHost(new URL(input.url).hostname)) {
      throw new ApiError(400, "private_address", "url: a webhook cannot point at a private or local address", "url");
    }
    if (input.channel === "push" && !e.WEBHOOK_ALLOW_PRIVATE && isPrivateHost(new URL(input.subscription.endpoint).hostname)) {
      throw new ApiError(400, "private_address", "subscription.endpoint: a push endpoint cannot be a private or local address", "subscription.endpoint");
    }
    if (input.channel === "webhook" && !e.WEBHOOK_ALLOW_PRIVATE && new URL(input.url).protocol !== "https:") {
      throw new ApiError(400, "invalid_url", "url: a webhook must be https", "url");
    }
    const mail = input.channel === "email" ? mailer(e) : null;
    if (input.channel === "email" && !mail) throw new ApiError(400, "email_off", "channel: e-mail alerts are off on this server (no SMTP_URL or PUBLIC_URL)", "channel");
    const now = new Date();
    await reserveSubscription(db(), clientAddress(request.headers), targetOf(input), input.channel === "email", now);
    const made = await createSubscription(db(), input, now);
    const base = publicOrigin(e);
    const prefix = input.lang === "ur" ? `${base}/ur` : base;
    const manageUrl = `${prefix}/alerts/manage?token=${made.token}`;
    if (input.channel === "email") {
      try {
        const m = confirmationMail(input.lang, `${prefix}/alerts/confirm?token=${made.token}`, input.follows);
        await mail!.transport.sendMail({ from: mail!.from, to: input.email, subject: m.subject, text: m.text });
      } catch (error) {
        // Nothing half-made: no mail, no subscription.
        await db().delete(subscriptions).where(eq(subscriptions.id, made.id));
        // The code only: an SMTP server's reply repeats the address.
        log().warn({ route: "alerts", code: (error as { code?: string }).code, responseCode: (error as { responseCode?: number }).responseCode }, "confirmation mail not sent");
        throw new ApiError(503, "mail_unavailable", "The confirmation mail could not be sent; nothing was stored. Try again shortly.", undefined, { "Retry-After": "60" });
      }
      return json({ channel: "email", status: "confirm" }, 201);
    }
    return json({ channel: input.channel, status: "active", manageUrl, ...(made.secret ? { secret: made.secret } : {}) }, 201);
  } catch (error) {
    return errorResponse(error);
  }
}

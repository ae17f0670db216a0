import { z } from "zod";
import { tokenLabel } from "@/lib/isp-desk/token";

// What the desk's "API and webhooks" forms may send
// (app/[locale]/isp-desk/api/actions.ts), checked at the boundary; a failing
// field is named by its form name. The URL's own rules (https, no private
// host) are lib/isp-desk/webhook-input.ts's, applied where it is stored.

const id = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/, "invalid")
  .transform(Number)
  .refine((n) => n > 0 && Number.isSafeInteger(n), "invalid");

export const newTokenInput = z.object({ label: tokenLabel });
export const newWebhookInput = z.object({ url: z.string().trim().min(1, "required").max(2000, "invalid_url") });
export const byIdInput = z.object({ id });

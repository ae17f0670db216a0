import webpush from "web-push";
import type { Db } from "@/db/client";
import { keptSecret } from "@/db/secrets";
import type { Env } from "@/lib/env";

// The VAPID keys Web Push needs: from configuration, or generated once and
// kept in the database, so every instance and every restart signs with the
// same key the browsers subscribed to.

const VAPID = "alerts.vapid";

export async function vapidKeys(db: Db, e: Env): Promise<{ publicKey: string; privateKey: string }> {
  if (e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY) return { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY };
  return JSON.parse(await keptSecret(db, VAPID, () => JSON.stringify(webpush.generateVAPIDKeys()))) as { publicKey: string; privateKey: string };
}

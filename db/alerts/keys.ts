import webpush from "web-push";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { settings } from "@/db/schema";
import type { Env } from "@/lib/env";

// The VAPID keys Web Push needs: from configuration, or generated once and
// kept in the database, so every instance and every restart signs with the
// same key the browsers subscribed to.

const VAPID = "alerts.vapid";

export async function vapidKeys(db: Db, e: Env): Promise<{ publicKey: string; privateKey: string }> {
  if (e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY) return { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY };
  await db.insert(settings).values({ key: VAPID, value: JSON.stringify(webpush.generateVAPIDKeys()) }).onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, VAPID));
  return JSON.parse(row!.value) as { publicKey: string; privateKey: string };
}

import { randomBytes } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dailySecrets, settings } from "@/db/schema";
import { utcDay } from "@/lib/privacy/client-key";

const SECRET_LIFETIME_MS = 48 * 3600_000;

// The secret lives in the database so every app instance derives the same key;
// a per-process copy is only a cache of that row.
const cache = new Map<string, string>();

export async function dailySecret(db: Db, now: Date = new Date()): Promise<string> {
  const day = utcDay(now);
  const hit = cache.get(day);
  if (hit) return hit;
  await db
    .insert(dailySecrets)
    .values({ day, secret: randomBytes(32).toString("hex") })
    .onConflictDoNothing();
  const [row] = await db.select().from(dailySecrets).where(eq(dailySecrets.day, day));
  if (!row) throw new Error(`daily secret for ${day} missing after insert`);
  cache.clear();
  cache.set(day, row.secret);
  // Forget secrets past their lifetime: from then on old keys are unlinkable.
  await db.delete(dailySecrets).where(lt(dailySecrets.createdAt, new Date(now.getTime() - SECRET_LIFETIME_MS)));
  return row.secret;
}

// Secrets kept for good in `settings` (the alerts' token secret, the SMS
// opt-out list's secret, the VAPID keys): made once by whichever instance
// asks first, then read from a cache per database handle.
const kept = new WeakMap<Db, Map<string, string>>();

export async function keptSecret(db: Db, key: string, make: () => string): Promise<string> {
  const mine = kept.get(db) ?? new Map<string, string>();
  kept.set(db, mine);
  const hit = mine.get(key);
  if (hit) return hit;
  await db.insert(settings).values({ key, value: make() }).onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  if (!row) throw new Error(`setting ${key} missing after insert`);
  mine.set(key, row.value);
  return row.value;
}

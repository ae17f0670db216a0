import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { dailySecret } from "@/db/secrets";
import { clientKey } from "@/lib/privacy/client-key";
import { ApiError } from "@/lib/errors";

// No one can use the app to mail-bomb an address or flood a receiver: a
// client may make at most CLIENT_PER_HOUR subscriptions an hour, whatever
// the channel, and one address, endpoint or URL may be subscribed at most
// TARGET_PER_HOUR times an hour (each e-mail one confirmation mail),
// counted in `rate_limit_hits` (shared by every instance, pruned after two
// days) under HMAC keys of the day, never the address itself.

export const CLIENT_PER_HOUR = 5;
export const TARGET_PER_HOUR = 3;
const WINDOW = "alert-subscribe-hour";

export async function reserveSubscription(db: Db, clientAddress: string, target: string, email: boolean, now: Date): Promise<void> {
  const secret = await dailySecret(db, now);
  const hour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000).toISOString();
  const keys = [
    { key: clientKey(`alerts-client:${clientAddress}`, secret), max: CLIENT_PER_HOUR, field: "channel" },
    { key: clientKey(`alerts-target:${target.toLowerCase()}`, secret), max: TARGET_PER_HOUR, field: email ? "email" : "channel" },
  ];
  for (const { key, max, field } of keys) {
    const [row] = rowsOf<{ hits: number }>(
      await db.execute(sql`
        insert into rate_limit_hits (client_key, "window", window_start, hits) values (${key}, ${WINDOW}, ${hour}::timestamptz, 1)
        on conflict (client_key, "window", window_start) do update set hits = rate_limit_hits.hits + 1
        returning hits`),
    );
    if (Number(row?.hits ?? 0) > max) {
      const retry = Math.ceil((Date.parse(hour) + 3600_000 - now.getTime()) / 1000);
      throw new ApiError(429, "too_many_subscriptions", `${field}: too many subscriptions asked for in the last hour; try again later`, field, { "Retry-After": String(retry) });
    }
  }
}

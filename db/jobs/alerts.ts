import { deliverDue } from "@/db/alerts/deliver";
import { queueNotices } from "@/db/alerts/queue";
import { pruneUnconfirmed } from "@/db/alerts/subscriptions";
import type { Db } from "@/db/client";
import type { Job } from "@/db/jobs/scheduler";
import type { Env } from "@/lib/env";
import { publicOrigin } from "@/lib/http/site-origin";
import { log } from "@/lib/ops/log";

// The alert jobs (docs/alerts.md): one writes the notices owed into the
// outbox (under the scheduler's lock, once per period across instances),
// the other delivers them (outside a transaction: it waits on the network;
// its claims keep instances apart).

export const QUEUE_ALERTS_EVERY_MS = 60_000;
export const DELIVER_ALERTS_EVERY_MS = 30_000;


export function alertJobs(e: Env): Job[] {
  return [
    {
      name: "queue-alerts",
      everyMs: QUEUE_ALERTS_EVERY_MS,
      run: async (tx: Db, now: Date) => {
        await pruneUnconfirmed(tx, now);
        const owed = await queueNotices(tx, now);
        if (owed > 0) log().info({ job: "queue-alerts", owed }, "notices queued");
      },
    },
    {
      name: "deliver-alerts",
      everyMs: DELIVER_ALERTS_EVERY_MS,
      transaction: false,
      run: async (db: Db, now: Date) => {
        const done = await deliverDue(db, { baseUrl: publicOrigin(e), timeZone: e.DISPLAY_TIME_ZONE, env: e }, now);
        if (done.sent + done.retried + done.failed > 0) log().info({ job: "deliver-alerts", ...done }, "notices delivered");
      },
    },
  ];
}

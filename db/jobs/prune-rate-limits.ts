import { lt } from "drizzle-orm";
import { CONVERSATION_MS } from "@/lib/intake/conversation";
import type { Job } from "@/db/jobs/scheduler";
import { intakeConversations, rateLimitHits } from "@/db/schema";

// Rate-limit counters matter only while their window is open; a day window
// can be open for 24 h, so anything that started over two days ago is done.
// Deleting them also drops the client keys, which after 48 h are unlinkable
// anyway (db/secrets.ts). Idempotent: a second run finds nothing to delete.
const KEEP_MS = 2 * 86_400_000;

export const pruneRateLimits: Job = {
  name: "prune-rate-limits",
  everyMs: 15 * 60_000,
  run: async (tx, now) => {
    await tx.delete(rateLimitHits).where(lt(rateLimitHits.windowStart, new Date(now.getTime() - KEEP_MS)));
    // Text reports left unfinished (db/intake/inbound.ts): kept 15 minutes, then forgotten.
    await tx.delete(intakeConversations).where(lt(intakeConversations.updatedAt, new Date(now.getTime() - CONVERSATION_MS)));
  },
};

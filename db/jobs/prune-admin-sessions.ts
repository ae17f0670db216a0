import type { Job } from "@/db/jobs/scheduler";
import { pruneSessions } from "@/db/admin/sessions";

// Moderator sessions that ended over a week ago say nothing anyone needs (the
// audit log records what moderators did, not when they signed in). Idempotent.
export const pruneAdminSessions: Job = {
  name: "prune-admin-sessions",
  everyMs: 60 * 60_000,
  run: async (tx, now) => {
    await pruneSessions(tx, now);
  },
};

import { desc, min, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Job } from "@/db/jobs/scheduler";
import { auditLog, ispStatements, reports, seals } from "@/db/schema";
import { hourContents } from "@/db/seals/hour-contents";
import { GENESIS, HOUR_MS, chain, floorToHour } from "@/lib/seals/seal-hash";

// Seals every finished hour not yet sealed, oldest first, each chained to the
// one before (lib/seals/seal-hash.ts), as seal version 2: reports, audit
// entries and ISP statements. Hours sealed before keep their seal (version 1)
// untouched. Reports are sealed by the hour they were *received* in,
// statements by the hour they were posted in, and an hour is sealed only
// GRACE_MS after it ended: the group commit answers within a second, so no
// report can still arrive in it. Hours with nothing in them are sealed too
// (reports = 0), so the chain has no gaps and a missing hour is itself visible.

/** How long after its end an hour is sealed. */
export const GRACE_MS = 2 * 60_000;
/** At most this many hours per run: a month of backlog in one transaction. */
export const MAX_HOURS_PER_RUN = 31 * 24;
// Hours that ended this recently may still have an ingest transaction in
// flight (received before the hour's end, not yet committed): the run first
// waits for those to commit. Older hours cannot, and skip the wait.
const RECENT_MS = 10 * 60_000;

export type SealRun = { sealed: number; from?: Date; to?: Date };

/** Seals the pending finished hours; in its own transaction (a savepoint inside the job's). */
export function sealFinishedHours(db: Db, now: Date, maxHours = MAX_HOURS_PER_RUN): Promise<SealRun> {
  return db.transaction((tx) => sealPending(tx, now, maxHours));
}

async function sealPending(tx: Db, now: Date, maxHours: number): Promise<SealRun> {
  const [last] = await tx.select({ hour: seals.hour, sha256: seals.sha256 }).from(seals).orderBy(desc(seals.hour)).limit(1);
  const from = last ? new Date(last.hour.getTime() + HOUR_MS) : await firstHour(tx);
  if (!from) return { sealed: 0 };
  const end = Math.min(floorToHour(new Date(now.getTime() - GRACE_MS)).getTime(), from.getTime() + maxHours * HOUR_MS);
  if (end <= from.getTime()) return { sealed: 0 };
  const to = new Date(end);
  if (now.getTime() - end < RECENT_MS) {
    // SHARE conflicts with the ROW EXCLUSIVE every insert holds: this waits
    // for in-flight ingest (and statements being posted) to commit, then
    // holds new ones off until the seal commits (milliseconds for one hour's
    // reports). The same order as every writer takes them: reports, then
    // audit_log; statements are written alone (db/statements).
    await tx.execute(sql`lock table reports, audit_log, isp_statements in share mode`);
  }
  const sealed = chain(await hourContents(tx, from, to), last?.sha256 ?? GENESIS);
  for (let i = 0; i < sealed.length; i += 500) {
    const rows = sealed.slice(i, i + 500).map((s) => ({ ...s, hour: new Date(s.hour) }));
    await tx.insert(seals).values(rows).onConflictDoNothing({ target: seals.hour });
  }
  return { sealed: sealed.length, from, to };
}

/** The hour of the first report, audit entry or statement ever received: where the chain starts. */
async function firstHour(tx: Db): Promise<Date | undefined> {
  const [r] = await tx.select({ t: min(reports.receivedAt) }).from(reports);
  const [a] = await tx.select({ t: min(auditLog.at) }).from(auditLog);
  const [s] = await tx.select({ t: min(ispStatements.postedAt) }).from(ispStatements);
  const times = [r?.t, a?.t, s?.t].filter((t): t is Date => t instanceof Date);
  if (times.length === 0) return undefined;
  return floorToHour(new Date(Math.min(...times.map((t) => t.getTime()))));
}

export const sealHoursJob: Job = {
  name: "seal-hours",
  everyMs: 30_000,
  run: async (tx, now) => {
    await sealFinishedHours(tx, now);
  },
};

/** Hours the embedded job seals in one transaction. */
export const EMBEDDED_HOURS_PER_STEP = 1;

/**
 * The same job on the embedded database: a backlog (the demo's four weeks,
 * a server stopped for days) is sealed an hour per transaction, up to the
 * same month a run, and not a month in one. PGlite has one session: every
 * page and report waits while a transaction holds it; sealing a month of
 * reports in one took seconds, and a day's in one a fifth of a second.
 * Each hour chains to the hour before as one transaction would chain them;
 * a run cut short (the server stopping: `stop`) leaves whole hours sealed.
 */
export const sealHoursEmbeddedJob: Job = {
  name: sealHoursJob.name,
  everyMs: sealHoursJob.everyMs,
  transaction: false,
  run: async (db, now, stop) => {
    for (let hours = 0; hours < MAX_HOURS_PER_RUN; hours += EMBEDDED_HOURS_PER_STEP) {
      if ((await sealFinishedHours(db, now, EMBEDDED_HOURS_PER_STEP)).sealed < EMBEDDED_HOURS_PER_STEP || stop?.aborted) return;
    }
  },
};

import { eq, sql } from "drizzle-orm";
import { bulkInsertReports, rebuildRollup } from "@/db/bulk-load";
import { generateDemoSignals } from "@/db/seed/demo-signals";
import { storeSignals } from "@/db/signals/store";
import { DEMO_SETTING } from "@/db/boot";
import type { Db } from "@/db/client";
import { reports, settings } from "@/db/schema";
import { DEFAULT_DEMO_SEED, generateDemoReports } from "@/db/seed/demo-generator";
import { ROLLUP_BUCKET_MS } from "@/lib/reports/buckets";

export const DEMO_DATASET = "synthetic-demo";

/**
 * Where the demo's data ends: the start of the current 5-minute slot, so the
 * last hour and the last 24 hours show the scenario at any time of day. (The
 * start of the hour left up to 55 minutes of silence before "now", which the
 * status read as a calm last hour.)
 */
export const demoAnchor = (now: Date) => new Date(Math.floor(now.getTime() / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS);

/**
 * Fills an empty database with the synthetic demo (db/seed/demo-generator.ts)
 * once. Skipped when the database already says it holds the demo, and when it
 * holds any reports at all: those are someone's data, never ours to touch.
 *
 * Crash safety: the reports, the rollup and the `dataset` setting are written
 * in ONE transaction, so a crash or kill half-way leaves nothing behind — the
 * next start finds an empty table and seeds again from scratch. That is why
 * there is no "reports but no setting" clean-up: this function cannot leave
 * that state, and a database in that state holds reports it did not write.
 * (~75k rows in one transaction is nothing for PGlite or PostgreSQL.)
 */
export async function seedDemo(
  db: Db,
  options: { anchor?: Date; seed?: number } = {},
): Promise<{ inserted: number; skipped: boolean }> {
  const [setting] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, DEMO_SETTING));
  if (setting?.value === DEMO_DATASET) return { inserted: 0, skipped: true };
  const [existing] = await db.select({ id: reports.id }).from(reports).limit(1);
  if (existing) return { inserted: 0, skipped: true };

  const anchor = options.anchor ?? demoAnchor(new Date());
  const seed = options.seed ?? DEFAULT_DEMO_SEED;

  return db.transaction(async (tx) => {
    const inserted = await bulkInsertReports(tx, generateDemoReports({ anchor, seed }));
    await rebuildRollup(tx);
    await storeSignals(tx, generateDemoSignals({ anchor, seed }), anchor);
    // Last: the marker that the demo is complete.
    await tx
      .insert(settings)
      .values({ key: DEMO_SETTING, value: DEMO_DATASET })
      .onConflictDoUpdate({ target: settings.key, set: { value: DEMO_DATASET, updatedAt: sql`now()` } });
    return { inserted, skipped: false };
  });
}

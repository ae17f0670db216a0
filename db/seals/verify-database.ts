import type { Db } from "@/db/client";
import { listSeals } from "@/db/queries/seals";
import { hourContents } from "@/db/seals/hour-contents";
import { HOUR_MS, firstMismatch, type SealMismatch } from "@/lib/seals/seal-hash";

export type DatabaseCheck = { ok: true; hours: number; first?: string; last?: string } | { ok: false; hours: number; mismatch: SealMismatch };

/**
 * Recomputes every sealed hour from the reports, audit entries and ISP
 * statements in the database (one streaming pass) and names the first hour
 * whose seal no longer matches. Each seal is checked by its own version.
 */
export async function verifyDatabase(db: Db): Promise<DatabaseCheck> {
  const seals = await listSeals(db);
  if (seals.length === 0) return { ok: true, hours: 0 };
  const from = new Date(seals[0]!.hour);
  const to = new Date(new Date(seals.at(-1)!.hour).getTime() + HOUR_MS);
  const contents = await hourContents(db, from, to);
  const mismatch = firstMismatch(seals, new Map(contents.map((c) => [c.hour.toISOString(), c])));
  if (mismatch) return { ok: false, hours: seals.length, mismatch };
  return { ok: true, hours: seals.length, first: seals[0]!.hour, last: seals.at(-1)!.hour };
}

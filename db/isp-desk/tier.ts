import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { AccountError } from "@/db/admin/accounts";
import { ispOrgs } from "@/db/schema";
import { tierOf, type Tier } from "@/lib/isp-desk/tiers";

// A provider's tier (lib/isp-desk/tiers.ts), set on the server with
// `npm run admin -- isp tier <isp-slug> <tier>`. Only a provider with a desk
// has one: its first staff account makes the desk (db/admin/accounts.ts).

/** The provider's tier; AccountError `not_found` when it has no desk. */
export async function ispTier(db: Db, isp: string): Promise<Tier> {
  const [org] = await db.select({ tier: ispOrgs.tier }).from(ispOrgs).where(eq(ispOrgs.isp, isp));
  if (!org) throw noDesk(isp);
  return tierOf(org.tier);
}

/**
 * Sets the provider's tier; `was` is the tier it had. Its tokens read at the
 * new limit once each instance's verdict on them lapses (30 s,
 * server/read-limit.ts).
 */
export async function setIspTier(db: Db, isp: string, tier: Tier): Promise<{ was: Tier }> {
  return db.transaction(async (tx) => {
    const [org] = await tx.select({ tier: ispOrgs.tier }).from(ispOrgs).where(eq(ispOrgs.isp, isp)).for("update");
    if (!org) throw noDesk(isp);
    if (org.tier !== tier) await tx.update(ispOrgs).set({ tier }).where(eq(ispOrgs.isp, isp));
    return { was: tierOf(org.tier) };
  });
}

const noDesk = (isp: string) => new AccountError("not_found", `"${isp}" has no desk yet: its first staff account makes it (npm run admin -- isp add ${isp} <username>)`);

import { fromExcluded } from "@/db/upsert";
import type { Db } from "@/db/client";
import { areas, isps, services } from "@/db/schema";
import { AREAS, ISPS, SERVICES } from "@/lib/reference";

/**
 * Copies the shipped reference lists into their tables. Idempotent: rows are
 * upserted by slug, so a new release with corrected names updates them, and
 * nothing a report points to is ever deleted.
 */
export async function loadReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(areas)
      .values(AREAS)
      .onConflictDoUpdate({
        target: areas.slug,
        set: fromExcluded(areas, ["code", "level", "parent", "nameEn", "nameUr", "lat", "lon"]),
      });
    await tx
      .insert(isps)
      .values(ISPS)
      .onConflictDoUpdate({
        target: isps.slug,
        set: fromExcluded(isps, ["nameEn", "nameUr", "legalName", "kind", "asns"]),
      });
    await tx
      .insert(services)
      .values(SERVICES)
      .onConflictDoUpdate({
        target: services.slug,
        set: fromExcluded(services, ["nameEn", "nameUr", "category", "domains"]),
      });
  });
}

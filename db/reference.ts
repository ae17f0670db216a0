import { sql } from "drizzle-orm";
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
        set: {
          code: sql`excluded.code`,
          level: sql`excluded.level`,
          parent: sql`excluded.parent`,
          nameEn: sql`excluded.name_en`,
          nameUr: sql`excluded.name_ur`,
          lat: sql`excluded.lat`,
          lon: sql`excluded.lon`,
        },
      });
    await tx
      .insert(isps)
      .values(ISPS)
      .onConflictDoUpdate({
        target: isps.slug,
        set: {
          nameEn: sql`excluded.name_en`,
          nameUr: sql`excluded.name_ur`,
          legalName: sql`excluded.legal_name`,
          kind: sql`excluded.kind`,
          asns: sql`excluded.asns`,
        },
      });
    await tx
      .insert(services)
      .values(SERVICES)
      .onConflictDoUpdate({
        target: services.slug,
        set: {
          nameEn: sql`excluded.name_en`,
          nameUr: sql`excluded.name_ur`,
          category: sql`excluded.category`,
          domains: sql`excluded.domains`,
        },
      });
  });
}

import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenBatch } from "@/db/abuse/screen-batch";
import { rateLimitHits } from "@/db/schema";
import { DEFAULT_LIMITS } from "@/lib/abuse/limits";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

// The screening statement on its own: a batch in which one client appears
// several times, between others, is screened in one statement. (It once
// paired each request with the wrong client when a client came twice, so the
// statement failed and the batch fell back to one transaction per report:
// right answers, at a fraction of the throughput, in exactly a flood.)
describe.each(DRIVERS)("screening a batch on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.drop());

  it("counts each client's requests against its own counters when clients repeat within the batch", async () => {
    const now = new Date();
    const request = (clientKey: string, service: string) => ({ key: randomUUID(), clientKey, area: "lahore", service });
    const batch = [
      request("client-a", "whatsapp"),
      request("client-b", "whatsapp"),
      request("client-a", "whatsapp"),
      request("client-c", "youtube"),
      request("client-a", "youtube"),
    ];
    const { stored, screened } = await t.handle.db.transaction((tx) => screenBatch(tx, batch, DEFAULT_LIMITS, now));
    expect(stored.size).toBe(0);
    // client-a's second whatsapp report is the repeat; every other is counted.
    expect(batch.map((r) => screened.get(r.key))).toEqual([
      { status: "counted" },
      { status: "counted" },
      { status: "duplicate" },
      { status: "counted" },
      { status: "counted" },
    ]);
    const hits = async (clientKey: string) =>
      (await t.handle.db.select({ hits: rateLimitHits.hits }).from(rateLimitHits).where(and(eq(rateLimitHits.clientKey, clientKey), eq(rateLimitHits.window, "minute"))))[0]?.hits;
    expect([await hits("client-a"), await hits("client-b"), await hits("client-c")]).toEqual([3, 1, 1]);
  });
});

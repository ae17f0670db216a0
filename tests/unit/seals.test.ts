import { describe, expect, it } from "vitest";
import { auditLine, commitment, sealedStatus } from "@/lib/seals/canonical";
import { EMPTY_CONTENT, GENESIS, chain, firstMismatch } from "@/lib/seals/seal-hash";

const hours = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ hour: new Date(Date.UTC(2024, 10, 21, i)), reports: i, auditEntries: 0, content: EMPTY_CONTENT }));
const asRecomputed = (seals: ReturnType<typeof chain>) => new Map(seals.map((s) => [s.hour, s]));

describe("seal lines and hashes", () => {
  it("seals the ingest decision: a voided report stays counted, the others keep theirs", () => {
    expect(sealedStatus("voided")).toBe("counted");
    expect(sealedStatus("duplicate")).toBe("duplicate");
    expect(sealedStatus("rate_limited")).toBe("rate_limited");
  });

  it("commits to a text with the report's salt, so the same words under two reports differ and no text gives null", () => {
    const a = commitment("comment", "3f1c0f4e-0000-4000-8000-000000000001", "slow");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(commitment("comment", "3f1c0f4e-0000-4000-8000-000000000002", "slow")).not.toBe(a);
    expect(commitment("complaint_ref", "3f1c0f4e-0000-4000-8000-000000000001", "slow")).not.toBe(a);
    expect(commitment("comment", "x", null)).toBeNull();
  });

  it("writes an audit entry's details with sorted keys, however they were stored", () => {
    const entry = { id: 1, at: "2024-11-21T07:00:00.000Z", actor: "m", action: "void", reportId: 5, reason: null };
    expect(auditLine({ ...entry, details: { b: 1, a: { d: 2, c: [{ f: 1, e: 0 }] } } })).toBe(
      auditLine({ ...entry, details: { a: { c: [{ e: 0, f: 1 }], d: 2 }, b: 1 } }),
    );
  });

  it("chains each seal to the one before, starting from 64 zeros", () => {
    const seals = chain(hours(3), GENESIS);
    expect(seals[0]!.prev).toBe("0".repeat(64));
    expect(seals[1]!.prev).toBe(seals[0]!.sha256);
    expect(new Set(seals.map((s) => s.sha256)).size).toBe(3);
    expect(firstMismatch(seals, asRecomputed(seals))).toBeUndefined();
  });

  it("names the first hour whose data, count or chain no longer matches", () => {
    const seals = chain(hours(4), GENESIS);
    const data = asRecomputed(seals);
    data.set(seals[2]!.hour, { ...seals[2]!, content: "f".repeat(64) });
    expect(firstMismatch(seals, data)).toMatchObject({ hour: seals[2]!.hour });
    const counted = asRecomputed(seals);
    counted.set(seals[1]!.hour, { ...seals[1]!, reports: 9 });
    expect(firstMismatch(seals, counted)?.hour).toBe(seals[1]!.hour);
    const rewritten = [...seals];
    rewritten[1] = { ...rewritten[1]!, sha256: "e".repeat(64) };
    expect(firstMismatch(rewritten, asRecomputed(seals))?.hour).toBe(seals[1]!.hour);
    // Rewritten consistently from hour 1 on: only the chain into hour 1 can tell.
    const resealed = [seals[0]!, ...chain(hours(4).slice(1), "d".repeat(64))];
    expect(firstMismatch(resealed, asRecomputed(resealed))).toMatchObject({ hour: seals[1]!.hour, reason: expect.stringContaining("chain") });
  });
});

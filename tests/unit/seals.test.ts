import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { auditLine, commitment, sealedStatus, statementLine, textSha256, toSealedStatement } from "@/lib/seals/canonical";
import { EMPTY_CONTENT, GENESIS, HourContent, chain, firstMismatch, readSeal, sealHash } from "@/lib/seals/seal-hash";

const hours = (n: number, statements = 0) =>
  Array.from({ length: n }, (_, i) => ({ hour: new Date(Date.UTC(2024, 10, 21, i)), reports: i, auditEntries: 0, statements, content: EMPTY_CONTENT }));
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
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

describe("seal version 2: statements", () => {
  const stored = {
    id: 7,
    statementId: 5,
    version: 2,
    incidentId: 12,
    isp: "zong",
    status: "resolved",
    lang: "ur",
    text: "سروس بحال ہو گئی ہے۔",
    cause: "A routing fault",
    restoredAt: new Date("2024-11-21T06:40:00.000Z"),
    postedAt: new Date("2024-11-21T07:05:00.123Z"),
    postedBy: 3,
  };

  it("writes every column of a statement's version, its words as their plain SHA-256, in a fixed order", () => {
    const sealed = toSealedStatement(stored);
    expect(sealed.textSha256).toBe(sha256(stored.text));
    expect(statementLine(sealed)).toBe(
      JSON.stringify([
        "statement", 7, 5, 2, 12, "zong", "resolved", "ur", sha256(stored.text), sha256("A routing fault"), "2024-11-21T06:40:00.000Z", "2024-11-21T07:05:00.123Z", 3,
      ]),
    );
    expect(statementLine(toSealedStatement({ ...stored, cause: null, restoredAt: null }))).toContain(`"${sha256(stored.text)}",null,null,"2024-11-21T07:05:00.123Z",3]`);
    // What anyone can check a published text with: printf %s "$text" | sha256sum.
    expect(textSha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes a version 2 seal with its statements counted, and a version 1 seal exactly as before", () => {
    const base = { hour: "2024-11-21T07:00:00.000Z", reports: 3, auditEntries: 1, statements: 2, content: EMPTY_CONTENT, prev: GENESIS };
    expect(sealHash({ ...base, version: 2 })).toBe(sha256(`disruption-watch seal v2\n${base.hour}\n3\n1\n2\n${EMPTY_CONTENT}\n${GENESIS}\n`));
    expect(sealHash({ ...base, version: 1, statements: 0 })).toBe(sha256(`disruption-watch seal v1\n${base.hour}\n3\n1\n${EMPTY_CONTENT}\n${GENESIS}\n`));
    expect(chain(hours(1), GENESIS)[0]).toMatchObject({ version: 2, statements: 0 });
    expect(chain(hours(1), GENESIS, 1)[0]!.sha256).toBe(sha256(`disruption-watch seal v1\n${hours(1)[0]!.hour.toISOString()}\n0\n0\n${EMPTY_CONTENT}\n${GENESIS}\n`));
  });

  it("takes an hour's lines in order: reports, audit entries, statements", () => {
    const h = new HourContent();
    h.addReport("r");
    h.addAudit("a");
    h.addStatement("s");
    expect(() => h.addAudit("late")).toThrow(/audit entries come before statements/);
    expect([h.reports, h.auditEntries, h.statements]).toEqual([1, 1, 1]);
    expect(h.digest()).toBe(sha256("r\na\ns\n"));
  });

  it("verifies version 1 hours followed by version 2 hours in one chain, and reads seals published before versions as version 1", () => {
    const old = chain(hours(2), GENESIS, 1);
    const next = chain(hours(4, 1).slice(2), old[1]!.sha256);
    const all = [...old, ...next];
    const data = new Map(all.map((s) => [s.hour, s]));
    expect(firstMismatch(all, data)).toBeUndefined();
    // As an export or archive made before version 2 carried them: no version, no statements.
    const published = old.map(({ version: _v, statements: _s, ...rest }) => readSeal(rest));
    expect(published.map((s) => [s.version, s.statements])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(firstMismatch([...published, ...next], data)).toBeUndefined();
  });

  it("names a version 1 hour whose data now holds a statement, a statement count that differs, and a version it does not know", () => {
    const old = chain(hours(2), GENESIS, 1);
    const data = new Map(old.map((s) => [s.hour, { ...s }]));
    data.set(old[1]!.hour, { ...old[1]!, statements: 1 });
    expect(firstMismatch(old, data)).toMatchObject({ hour: old[1]!.hour, reason: expect.stringContaining("version 1") });

    const v2 = chain(hours(2, 2), GENESIS);
    const fewer = new Map(v2.map((s) => [s.hour, { ...s, statements: s.hour === v2[0]!.hour ? 1 : 2 }]));
    expect(firstMismatch(v2, fewer)).toMatchObject({ hour: v2[0]!.hour, reason: expect.stringContaining("counts 2 statements, the data holds 1") });

    const unknown = [{ ...v2[0]!, version: 3 as 2 }];
    expect(firstMismatch(unknown, new Map())).toMatchObject({ hour: v2[0]!.hour, reason: expect.stringContaining("version 3") });
  });
});

import { describe, expect, it } from "vitest";
import { CURRENT_PARAMS, formatHash, hashPassword, parseHash, UNMATCHABLE_HASH, verifyPassword } from "@/lib/admin/password-hash";
import { createHashSlots, HashBusyError } from "@/lib/admin/hash-slots";

// Each hash at today's parameters costs 128 MiB and a few hundred
// milliseconds; the tests that need no real strength use small ones.
const QUICK = { ln: 10, r: 8, p: 1 };

describe("password hashes", () => {
  it("uses OWASP's scrypt parameters for new hashes: N = 2^17, r = 8, p = 1, a 16-byte salt and a 32-byte key", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(CURRENT_PARAMS).toEqual({ ln: 17, r: 8, p: 1 });
    const parsed = parseHash(stored)!;
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.key).toHaveLength(32);
    expect(await verifyPassword("correct horse battery staple", stored)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword("correct horse battery stapler", stored)).ok).toBe(false);
  }, 30_000);

  it("salts every hash: the same password twice gives two different hashes", async () => {
    const a = await hashPassword("the same password", QUICK);
    const b = await hashPassword("the same password", QUICK);
    expect(a).not.toBe(b);
    expect((await verifyPassword("the same password", a)).ok).toBe(true);
    expect((await verifyPassword("the same password", b)).ok).toBe(true);
  });

  it("verifies an older hash with its own parameters and asks for a new one", async () => {
    const old = await hashPassword("a password from 2025", QUICK);
    expect(old.startsWith("$scrypt$ln=10,r=8,p=1$")).toBe(true);
    expect(await verifyPassword("a password from 2025", old)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword("not the password", old)).toEqual({ ok: false, needsRehash: true });
  });

  it("reads back what it writes: parameters, salt and key round-trip through the stored string", () => {
    const salt = Buffer.alloc(16, 7);
    const key = Buffer.alloc(32, 9);
    const text = formatHash({ ln: 18, r: 16, p: 2 }, salt, key);
    expect(parseHash(text)).toEqual({ params: { ln: 18, r: 16, p: 2 }, salt, key });
  });

  it("compares Unicode passwords as NFKC, so the same password typed on another keyboard matches", async () => {
    const composed = "café رابطہ بحال کرو";
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    const stored = await hashPassword(composed, QUICK);
    expect((await verifyPassword(decomposed, stored)).ok).toBe(true);
  });

  it("never matches a malformed or out-of-bounds hash, and does not throw", async () => {
    for (const bad of ["", "plain text", "$scrypt$ln=17,r=8,p=1$short$short", "$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$aGFzaA"]) {
      expect(parseHash(bad)).toBeUndefined();
    }
    expect(await verifyPassword("anything at all", "$scrypt$ln=10,r=8,p=1$bad")).toEqual({ ok: false, needsRehash: true });
  }, 30_000);

  it("has a hash no password matches, with today's parameters, for unknown usernames", async () => {
    expect(parseHash(UNMATCHABLE_HASH)?.params).toEqual(CURRENT_PARAMS);
    expect((await verifyPassword("", UNMATCHABLE_HASH)).ok).toBe(false);
  }, 30_000);

  it("takes as long for an unknown username as for a wrong password (no enumeration by timing)", async () => {
    const stored = await hashPassword("the real password here");
    const time = async (hash: string) => {
      const start = performance.now();
      await verifyPassword("a wrong password", hash);
      return performance.now() - start;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time(stored));
      unknown.push(await time(UNMATCHABLE_HASH));
    }
    // The same work (one scrypt at the same parameters); the bound is loose
    // because the machine is shared.
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }, 60_000);
});

describe("hash slots", () => {
  it("runs at most two hashes at once, queues a few more, and turns the rest away at once", async () => {
    const slots = createHashSlots(2, 2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let peak = 0;
    const work = async () => {
      peak = Math.max(peak, slots.running);
      await gate;
      return "done";
    };
    const runs = [slots.run(work), slots.run(work), slots.run(work), slots.run(work)];
    await Promise.resolve();
    expect(slots.running).toBe(2);
    expect(slots.waiting).toBe(2);
    await expect(slots.run(work)).rejects.toBeInstanceOf(HashBusyError);
    release();
    expect(await Promise.all(runs)).toEqual(["done", "done", "done", "done"]);
    expect(peak).toBe(2);
    expect(slots.running).toBe(0);
  });
});

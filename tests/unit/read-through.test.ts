import { describe, expect, it } from "vitest";
import { cacheKey, readThrough } from "@/lib/cache/read-through";

const scope = {};

describe("the read-through cache", () => {
  it("runs one query for many concurrent readers of the same view", async () => {
    let calls = 0;
    const load = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return { total: 42 };
    };
    const key = cacheKey("test-concurrent", { from: new Date(0) }, "service");
    const answers = await Promise.all(Array.from({ length: 50 }, () => readThrough(scope, key, load)));
    expect(calls).toBe(1);
    expect(answers.every((a) => a.total === 42)).toBe(true);
  });

  it("keeps different views apart", async () => {
    const a = await readThrough(scope, cacheKey("test-apart", "a"), async () => "a");
    const b = await readThrough(scope, cacheKey("test-apart", "b"), async () => "b");
    expect([a, b]).toEqual(["a", "b"]);
  });

  it("never shares answers between two databases", async () => {
    const key = cacheKey("test-scope");
    expect(await readThrough({}, key, async () => "first database")).toBe("first database");
    expect(await readThrough({}, key, async () => "second database")).toBe("second database");
  });

  it("does not keep a failed query", async () => {
    const key = cacheKey("test-failure");
    await expect(readThrough(scope, key, async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await readThrough(scope, key, async () => "back")).toBe("back");
  });
});

import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/errors";
import { createSlots } from "@/lib/export/export-slots";

describe("export slots", () => {
  it("builds at most n exports at once, answers the next 503 with Retry-After, and frees a slot when one ends or fails", async () => {
    const slots = createSlots(2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const a = slots.run(() => held);
    const b = slots.run(() => held);
    const refused = await slots.run(async () => "third").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 503, code: "busy", headers: { "Retry-After": "10" } });
    release();
    await Promise.all([a, b]);
    await expect(slots.run(async () => { throw new Error("failed"); })).rejects.toThrow("failed");
    expect(slots.busy).toBe(0);
    expect(await slots.run(async () => "next")).toBe("next");
  });
});

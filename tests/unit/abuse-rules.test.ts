import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, type AbuseLimits } from "@/lib/abuse/limits";
import { admitted, retryAfterSeconds, windowStart } from "@/lib/abuse/rate-windows";
import { judgeReports, type Arrival } from "@/lib/abuse/report-status";
import { isStorageFailure } from "@/lib/storage-failure";

const NOW = new Date("2024-11-21T12:00:00.000Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const report = (over: Partial<Arrival> = {}): Arrival => ({ clientKey: "a", area: "karachi-south", service: "whatsapp", receivedAt: NOW, ...over });
const limits: AbuseLimits = { ...DEFAULT_LIMITS, duplicateWindowMs: 30 * 60_000, floodPerHour: 6, floodPerServiceHour: 3 };

describe("the counting rules", () => {
  it("counts the first report of a client for an area and service", () => {
    expect(judgeReports([report()], [], limits)).toEqual(["counted"]);
  });

  it("marks a second report of the same area and service within the window a duplicate", () => {
    expect(judgeReports([report()], [report({ receivedAt: ago(29) })], limits)).toEqual(["duplicate"]);
    expect(judgeReports([report(), report()], [], limits)).toEqual(["counted", "duplicate"]);
  });

  it("counts the same area and service again once the window has passed", () => {
    expect(judgeReports([report()], [report({ receivedAt: ago(30) })], limits)).toEqual(["counted"]);
  });

  it("counts another service, another area or another client in the same window", () => {
    const earlier = [report({ receivedAt: ago(5) })];
    expect(judgeReports([report({ service: "youtube" }), report({ area: "lahore" }), report({ clientKey: "b" })], earlier, limits)).toEqual([
      "counted",
      "counted",
      "counted",
    ]);
  });

  it("stores a client's reports past its hourly share as rate_limited", () => {
    const services = ["whatsapp", "youtube", "facebook", "instagram", "x", "tiktok", "vpn", "internet"];
    const statuses = judgeReports(services.map((service) => report({ service })), [], limits);
    expect(statuses).toEqual(["counted", "counted", "counted", "counted", "counted", "counted", "rate_limited", "rate_limited"]);
  });

  it("caps one client's counted reports for one service across areas", () => {
    const areas = ["karachi-south", "karachi-east", "lahore", "islamabad", "quetta"];
    expect(judgeReports(areas.map((area) => report({ area })), [], limits)).toEqual(["counted", "counted", "counted", "rate_limited", "rate_limited"]);
  });

  it("counts earlier reports of the last hour towards the share, older ones not", () => {
    const earlier = ["a1", "a2", "a3", "a4", "a5", "a6"].map((area, i) => report({ area, service: `s${i}`, receivedAt: ago(i < 3 ? 61 : 59) }));
    expect(judgeReports([report()], earlier, limits)).toEqual(["counted"]);
    expect(judgeReports([report(), report({ service: "youtube" }), report({ service: "vpn" }), report({ service: "x" })], earlier, limits)).toEqual([
      "counted",
      "counted",
      "counted",
      "rate_limited",
    ]);
  });

  it("decides a batch in arrival order, the same way every time", () => {
    const batch = [report({ clientKey: "b" }), report(), report({ clientKey: "b" }), report()];
    expect(judgeReports(batch, [], limits)).toEqual(["counted", "counted", "duplicate", "duplicate"]);
  });

  it("never counts more than a handful of keys' shares however much they send", () => {
    const keys = ["k1", "k2", "k3", "k4", "k5"];
    const burst = Array.from({ length: 1000 }, (_, i) => report({ clientKey: keys[i % 5], area: `area-${i % 40}` }));
    const counted = judgeReports(burst, [], limits).filter((s) => s === "counted").length;
    expect(counted).toBe(keys.length * limits.floodPerServiceHour);
  });

  it("with a zero window there are no duplicates", () => {
    expect(judgeReports([report(), report()], [], { ...limits, duplicateWindowMs: 0 })).toEqual(["counted", "counted"]);
  });
});

describe("the rate-limit windows", () => {
  it("starts minute and day windows on the clock", () => {
    const t = new Date("2024-11-21T12:34:56.789Z");
    expect(windowStart("minute", t).toISOString()).toBe("2024-11-21T12:34:00.000Z");
    expect(windowStart("day", t).toISOString()).toBe("2024-11-21T00:00:00.000Z");
  });

  it("asks to retry when the refusing window ends", () => {
    const t = new Date("2024-11-21T12:34:56.200Z");
    expect(retryAfterSeconds("minute", t)).toBe(4);
    expect(retryAfterSeconds("day", t)).toBe(11 * 3600 + 25 * 60 + 4);
    expect(retryAfterSeconds("minute", new Date("2024-11-21T12:34:59.999Z"))).toBe(1);
  });

  it("lets a key's earliest requests of a batch through, up to the limit", () => {
    expect(admitted(3, 3, 60)).toEqual([true, true, true]);
    expect(admitted(62, 4, 60)).toEqual([true, true, false, false]);
    expect(admitted(100, 2, 60)).toEqual([false, false]);
  });
});

describe("storage failures", () => {
  it("recognises a server that is down, restarting or shut down, also wrapped by Drizzle", () => {
    expect(isStorageFailure(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isStorageFailure(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isStorageFailure(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toBe(true);
    expect(isStorageFailure(Object.assign(new Error("connection failure"), { code: "08006" }))).toBe(true);
    expect(isStorageFailure(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isStorageFailure(new Error("Failed query: insert …", { cause: new Error("Connection terminated unexpectedly") }))).toBe(true);
  });

  it("does not mistake a bug for an outage", () => {
    expect(isStorageFailure(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isStorageFailure(Object.assign(new Error("duplicate key value"), { code: "23505" }))).toBe(false);
    expect(isStorageFailure(Object.assign(new Error("syntax error"), { code: "42601" }))).toBe(false);
    expect(isStorageFailure(undefined)).toBe(false);
  });
});

describe("typed errors across two copies of lib/errors", () => {
  it("recognises an error raised by another copy of the module (the server entry vs Next's bundle)", async () => {
    const here = await import("@/lib/errors");
    // A second, separate instance of the module, as Next's bundle has.
    const other = (await import(`@/lib/errors?copy=${Date.now()}`)) as typeof here;
    expect(other.ApiError).not.toBe(here.ApiError);
    const limited = new other.RateLimitedError("minute", 5);
    expect(limited instanceof here.RateLimitedError).toBe(true);
    expect(limited instanceof here.ApiError).toBe(true);
    expect(limited instanceof here.StorageUnavailableError).toBe(false);
    expect(new other.StorageUnavailableError() instanceof here.StorageUnavailableError).toBe(true);
    expect(new other.ApiError(400, "x", "y") instanceof here.RateLimitedError).toBe(false);
    expect(new Error("plain") instanceof here.ApiError).toBe(false);
  });
});

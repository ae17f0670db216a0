import { describe, expect, it } from "vitest";
import { parseView, permalinkQuery } from "@/lib/view/view-params";
import { localToInstant, instantToLocal } from "@/lib/time/zone";

describe("dashboard URLs", () => {
  it("defaults to the last 24 hours with hourly buckets", () => {
    const view = parseView({});
    expect(view.window).toBe("24h");
    expect(view.bucket).toBe("1h");
    expect(view.filters.to.getTime() - view.filters.from.getTime()).toBe(24 * 3600_000);
    expect(view.invalid).toBeUndefined();
  });

  it("reads a relative window and the any-of filters", () => {
    const view = parseView({ window: "7d", isp: ["zong", "jazz"], connection: "mobile", groupBy: "service" });
    expect(view.window).toBe("7d");
    expect(view.filters.isps).toEqual(["zong", "jazz"]);
    expect(view.filters.connections).toEqual(["mobile"]);
    expect(view.groupBy).toBe("service");
  });

  it("takes from and to as a custom window and keeps them exactly", () => {
    const view = parseView({ from: "2024-11-21T00:00:00Z", to: "2024-11-22T00:00:00Z", window: "6h" });
    expect(view.window).toBe("custom");
    expect(view.filters.from.toISOString()).toBe("2024-11-21T00:00:00.000Z");
    expect(view.filters.to.toISOString()).toBe("2024-11-22T00:00:00.000Z");
  });

  it("reads a custom range typed as wall-clock time in the display zone", () => {
    const view = parseView({ window: "custom", fromLocal: "2024-11-21T12:00", toLocal: "2024-11-21T13:30" }, {}, "Asia/Karachi");
    expect(view.filters.from.toISOString()).toBe("2024-11-21T07:00:00.000Z");
    expect(view.filters.to.toISOString()).toBe("2024-11-21T08:30:00.000Z");
  });

  it("falls back to the default view and names the parameter when the URL is bad", () => {
    const view = parseView({ isp: "starlink", window: "7d" });
    expect(view.invalid).toBe("isp");
    expect(view.filters.isps).toEqual([]);
    expect(view.window).toBe("24h");
    expect(parseView({ window: "fortnight" }).invalid).toBe("window");
  });

  it("keeps the page's own subject when the rest of the URL is bad", () => {
    const view = parseView({ service: "myspace" }, { isp: "zong" });
    expect(view.invalid).toBe("service");
    expect(view.filters.isps).toEqual(["zong"]);
  });

  it("writes a permalink that reads back as the same view", () => {
    const view = parseView({ window: "6h", area: "sindh", problem: ["slow", "media_fails"], groupBy: "isp" });
    const again = parseView(new URLSearchParams(permalinkQuery(view)));
    expect(again.filters).toEqual(view.filters);
    expect(again.groupBy).toBe("isp");
    expect(again.window).toBe("custom");
  });

  it("converts between instants and wall-clock inputs", () => {
    const t = new Date("2024-11-21T07:05:00Z");
    expect(instantToLocal(t, "Asia/Karachi")).toBe("2024-11-21T12:05");
    expect(localToInstant("2024-11-21T12:05", "Asia/Karachi")?.toISOString()).toBe(t.toISOString());
    expect(localToInstant("21/11/2024", "Asia/Karachi")).toBeUndefined();
  });
});

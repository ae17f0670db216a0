import { describe, expect, it } from "vitest";
import { pinBriefWindow } from "@/lib/brief/brief-window";

const at = (iso: string) => new Date(iso);

describe("the brief's window", () => {
  it("pins a 24-hour window to whole hours, ending with the hour under way", () => {
    const pinned = pinBriefWindow(at("2026-11-22T14:37:10Z"), at("2026-11-23T14:37:10Z"), "Asia/Karachi");
    expect(pinned).toEqual({ from: at("2026-11-22T14:00:00Z"), to: at("2026-11-23T15:00:00Z"), bucket: "1h" });
  });

  it("leaves a window already on whole buckets as it is, so a permalink does not move", () => {
    const from = at("2026-11-22T14:00:00Z");
    const to = at("2026-11-23T15:00:00Z");
    const pinned = pinBriefWindow(from, to, "Asia/Karachi");
    expect(pinned.from).toEqual(from);
    expect(pinned.to).toEqual(to);
    expect(pinBriefWindow(pinned.from, pinned.to, "Asia/Karachi")).toEqual(pinned);
  });

  it("pins 5-minute buckets for a short window", () => {
    const pinned = pinBriefWindow(at("2026-11-23T10:02:00Z"), at("2026-11-23T12:58:00Z"), "UTC");
    expect(pinned).toEqual({ from: at("2026-11-23T10:00:00Z"), to: at("2026-11-23T13:00:00Z"), bucket: "5m" });
  });

  it("pins a month to local midnights of the display zone", () => {
    // Karachi is UTC+5: local midnight is 19:00 UTC the day before.
    const pinned = pinBriefWindow(at("2026-10-24T09:00:00Z"), at("2026-11-23T09:00:00Z"), "Asia/Karachi");
    expect(pinned.bucket).toBe("1d");
    expect(pinned.from).toEqual(at("2026-10-23T19:00:00Z"));
    expect(pinned.to).toEqual(at("2026-11-23T19:00:00Z"));
  });

  it("never pins to an empty window", () => {
    const pinned = pinBriefWindow(at("2026-11-23T10:00:00Z"), at("2026-11-23T10:00:01Z"), "UTC");
    expect(pinned.to.getTime()).toBeGreaterThan(pinned.from.getTime());
  });
});

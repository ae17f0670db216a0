import { describe, expect, it } from "vitest";
import { nextDayInZone, startOfDayInZone } from "@/lib/time/zone";
import { bucketStarts } from "@/db/queries/timeline";
import { BUCKETS, MAX_POINTS, bucketForWindow, floorToBucket } from "@/lib/reports/buckets";
import { MAX_WINDOW_MS } from "@/lib/filters";

// Local days in a time zone (including across daylight saving) and the
// timeline buckets built on them. The query-string filters have their own
// file (filters.test.ts).

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const d = (iso: string) => new Date(iso);
const iso = (t: Date) => t.toISOString();

describe("startOfDayInZone", () => {
  it("finds local midnight in Asia/Karachi (UTC+5)", () => {
    expect(iso(startOfDayInZone(d("2024-11-21T18:59:00Z"), "Asia/Karachi"))).toBe("2024-11-20T19:00:00.000Z");
    expect(iso(startOfDayInZone(d("2024-11-21T18:59:59.999Z"), "Asia/Karachi"))).toBe("2024-11-20T19:00:00.000Z");
    expect(iso(startOfDayInZone(d("2024-11-21T19:00:00Z"), "Asia/Karachi"))).toBe("2024-11-21T19:00:00.000Z");
    expect(iso(startOfDayInZone(d("2024-11-22T07:00:00Z"), "Asia/Karachi"))).toBe("2024-11-21T19:00:00.000Z");
  });

  it("finds midnight in UTC", () => {
    expect(iso(startOfDayInZone(d("2024-11-21T23:59:59Z"), "UTC"))).toBe("2024-11-21T00:00:00.000Z");
    expect(iso(startOfDayInZone(d("2024-11-21T00:00:00Z"), "UTC"))).toBe("2024-11-21T00:00:00.000Z");
  });

  it("returns a local midnight unchanged", () => {
    const midnight = d("2024-11-20T19:00:00Z");
    expect(startOfDayInZone(midnight, "Asia/Karachi")).toEqual(midnight);
  });

  it("finds midnight on the day Europe/London springs forward (GMT midnight)", () => {
    expect(iso(startOfDayInZone(d("2024-03-31T12:00:00Z"), "Europe/London"))).toBe("2024-03-31T00:00:00.000Z");
    // The day after starts at BST midnight, 23:00 UTC.
    expect(iso(startOfDayInZone(d("2024-04-01T12:00:00Z"), "Europe/London"))).toBe("2024-03-31T23:00:00.000Z");
  });

  it("finds midnight on the day Europe/London falls back (BST midnight)", () => {
    expect(iso(startOfDayInZone(d("2024-10-27T12:00:00Z"), "Europe/London"))).toBe("2024-10-26T23:00:00.000Z");
    expect(iso(startOfDayInZone(d("2024-10-28T12:00:00Z"), "Europe/London"))).toBe("2024-10-28T00:00:00.000Z");
  });

  it("finds midnight around America/New_York's changes", () => {
    expect(iso(startOfDayInZone(d("2024-03-10T12:00:00Z"), "America/New_York"))).toBe("2024-03-10T05:00:00.000Z");
    expect(iso(startOfDayInZone(d("2024-03-11T12:00:00Z"), "America/New_York"))).toBe("2024-03-11T04:00:00.000Z");
    expect(iso(startOfDayInZone(d("2024-11-03T12:00:00Z"), "America/New_York"))).toBe("2024-11-03T04:00:00.000Z");
    expect(iso(startOfDayInZone(d("2024-11-04T12:00:00Z"), "America/New_York"))).toBe("2024-11-04T05:00:00.000Z");
  });

  it("starts the day at 01:00 where clocks skip midnight (America/Santiago, 2024-09-08)", () => {
    // 00:00 CLT (-04) became 01:00 CLST (-03): the first instant of the day is 04:00 UTC.
    expect(iso(startOfDayInZone(d("2024-09-08T12:00:00Z"), "America/Santiago"))).toBe("2024-09-08T04:00:00.000Z");
  });

  it("handles a zone east of Greenwich with a half-hour offset (Asia/Kolkata)", () => {
    expect(iso(startOfDayInZone(d("2024-11-21T18:29:00Z"), "Asia/Kolkata"))).toBe("2024-11-20T18:30:00.000Z");
    expect(iso(startOfDayInZone(d("2024-11-21T18:30:00Z"), "Asia/Kolkata"))).toBe("2024-11-21T18:30:00.000Z");
  });
});

describe("nextDayInZone", () => {
  const length = (midnight: string, zone: string) => {
    const start = d(midnight);
    return (nextDayInZone(start, zone).getTime() - start.getTime()) / HOUR;
  };

  it("gives 24-hour days in Asia/Karachi and UTC", () => {
    expect(iso(nextDayInZone(d("2024-11-20T19:00:00Z"), "Asia/Karachi"))).toBe("2024-11-21T19:00:00.000Z");
    expect(length("2024-11-21T00:00:00Z", "UTC")).toBe(24);
  });

  it("gives a 23-hour day when Europe/London springs forward and 25 when it falls back", () => {
    expect(length("2024-03-31T00:00:00Z", "Europe/London")).toBe(23);
    expect(length("2024-10-26T23:00:00Z", "Europe/London")).toBe(25);
    expect(length("2024-04-01T23:00:00Z", "Europe/London")).toBe(24);
  });

  it("gives a 23-hour day and a 25-hour day in America/New_York", () => {
    expect(length("2024-03-10T05:00:00Z", "America/New_York")).toBe(23);
    expect(length("2024-11-03T04:00:00Z", "America/New_York")).toBe(25);
  });

  it("walks a year of Europe/London midnights, each one a local midnight", () => {
    let t = startOfDayInZone(d("2024-01-01T12:00:00Z"), "Europe/London");
    const lengths = new Map<number, number>();
    const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    for (let i = 0; i < 366; i++) {
      expect(fmt.format(t), iso(t)).toBe("00:00");
      const next = nextDayInZone(t, "Europe/London");
      const h = (next.getTime() - t.getTime()) / HOUR;
      lengths.set(h, (lengths.get(h) ?? 0) + 1);
      t = next;
    }
    expect(Object.fromEntries(lengths)).toEqual({ 23: 1, 24: 364, 25: 1 });
  });
});

describe("bucketStarts", () => {
  it("gives 24 hourly starts for a 24-hour window aligned on the hour", () => {
    const starts = bucketStarts(d("2024-11-21T00:00:00Z"), d("2024-11-22T00:00:00Z"), "1h", "Asia/Karachi");
    expect(starts).toHaveLength(24);
    expect(iso(starts[0]!)).toBe("2024-11-21T00:00:00.000Z");
    expect(iso(starts[23]!)).toBe("2024-11-21T23:00:00.000Z");
    for (let i = 1; i < starts.length; i++) expect(starts[i]!.getTime() - starts[i - 1]!.getTime()).toBe(HOUR);
  });

  it("starts at the bucket containing from when from is not aligned", () => {
    const starts = bucketStarts(d("2024-11-21T00:30:00Z"), d("2024-11-22T00:30:00Z"), "1h", "UTC");
    expect(iso(starts[0]!)).toBe("2024-11-21T00:00:00.000Z");
    expect(starts).toHaveLength(25);
  });

  it("gives 5-minute starts for a 6-hour window", () => {
    const starts = bucketStarts(d("2024-11-21T06:00:00Z"), d("2024-11-21T12:00:00Z"), "5m", "UTC");
    expect(starts).toHaveLength(72);
    expect(starts[1]!.getTime() - starts[0]!.getTime()).toBe(BUCKETS["5m"]);
  });

  it("gives 7 local-midnight starts for 7 days in Asia/Karachi", () => {
    const starts = bucketStarts(d("2024-11-14T19:00:00Z"), d("2024-11-21T19:00:00Z"), "1d", "Asia/Karachi");
    expect(starts.map(iso)).toEqual([
      "2024-11-14T19:00:00.000Z",
      "2024-11-15T19:00:00.000Z",
      "2024-11-16T19:00:00.000Z",
      "2024-11-17T19:00:00.000Z",
      "2024-11-18T19:00:00.000Z",
      "2024-11-19T19:00:00.000Z",
      "2024-11-20T19:00:00.000Z",
    ]);
  });

  it("starts daily buckets at the local midnight before from", () => {
    const starts = bucketStarts(d("2024-11-15T10:00:00Z"), d("2024-11-17T10:00:00Z"), "1d", "Asia/Karachi");
    expect(starts.map(iso)).toEqual([
      "2024-11-14T19:00:00.000Z",
      "2024-11-15T19:00:00.000Z",
      "2024-11-16T19:00:00.000Z",
    ]);
  });

  it("gives daily starts 23 and 25 hours apart across DST in Europe/London", () => {
    const starts = bucketStarts(d("2024-03-30T00:00:00Z"), d("2024-04-02T00:00:00Z"), "1d", "Europe/London");
    expect(starts.map(iso)).toEqual([
      "2024-03-30T00:00:00.000Z",
      "2024-03-31T00:00:00.000Z",
      "2024-03-31T23:00:00.000Z",
      "2024-04-01T23:00:00.000Z",
    ]);
  });

  it.each([
    ["5m", "2024-11-21T00:00:00Z", "2024-11-21T06:07:00Z"],
    ["1h", "2024-11-21T00:10:00Z", "2024-11-22T00:00:00Z"],
    ["1h", "2024-11-21T00:00:00Z", "2024-11-21T23:59:59Z"],
    ["1d", "2024-11-14T19:00:00Z", "2024-11-21T19:00:00Z"],
    ["1d", "2024-03-25T00:00:00Z", "2024-04-05T12:00:00Z"],
  ] as const)("never gives a %s start at or after to (%s → %s)", (bucket, from, to) => {
    const zone = bucket === "1d" && from.startsWith("2024-03") ? "Europe/London" : "Asia/Karachi";
    const starts = bucketStarts(d(from), d(to), bucket, zone);
    expect(starts.length).toBeGreaterThan(0);
    for (const s of starts) expect(s.getTime()).toBeLessThan(d(to).getTime());
    // ...and the last bucket reaches to: one more step would pass it.
    const last = starts[starts.length - 1]!;
    const next = bucket === "1d" ? nextDayInZone(last, zone) : new Date(last.getTime() + BUCKETS[bucket]);
    expect(next.getTime()).toBeGreaterThanOrEqual(d(to).getTime());
  });

  it("gives no starts for an empty window", () => {
    const t = d("2024-11-21T00:00:00Z");
    expect(bucketStarts(t, t, "1h", "UTC")).toEqual([]);
  });
});

describe("floorToBucket", () => {
  it("floors to the 5-minute grain by default", () => {
    expect(iso(floorToBucket(d("2024-11-21T07:14:59.999Z")))).toBe("2024-11-21T07:10:00.000Z");
  });
});

describe("bucketForWindow", () => {
  it.each([
    [HOUR, "5m"],
    [6 * HOUR, "5m"],
    [6 * HOUR + 1, "1h"],
    [DAY, "1h"],
    [7 * DAY, "1h"],
    [8 * DAY, "1h"],
    [8 * DAY + 1, "1d"],
    [30 * DAY, "1d"],
    [400 * DAY, "1d"],
  ])("chooses for a window of %i ms the bucket %s", (ms, bucket) => {
    expect(bucketForWindow(ms)).toBe(bucket);
  });

  it("keeps the default timeline within MAX_POINTS for any window parseFilters allows", () => {
    for (const ms of [5 * 60_000, 6 * HOUR, DAY, 8 * DAY, 8 * DAY + 1, 90 * DAY, MAX_WINDOW_MS]) {
      expect(ms / BUCKETS[bucketForWindow(ms)], `${ms / HOUR} h`).toBeLessThanOrEqual(MAX_POINTS);
    }
  });

  it("gives at most 300 points for windows up to 8 days", () => {
    for (const ms of [HOUR, 6 * HOUR, DAY, 7 * DAY, 8 * DAY]) {
      expect(ms / BUCKETS[bucketForWindow(ms)], `${ms / HOUR} h`).toBeLessThanOrEqual(300);
    }
  });
});

import { describe, expect, it } from "vitest";
import { clientKey, utcDay } from "@/lib/privacy/client-key";
import { clientAddress } from "@/lib/privacy/client-address";
import { CELL_DEGREES, coarsen } from "@/lib/geo/coarsen";

describe("clientKey", () => {
  const secret = "secret-of-2024-11-21";
  const address = "203.0.113.7";

  it("is deterministic for the same secret and address", () => {
    expect(clientKey(address, secret)).toBe(clientKey(address, secret));
  });

  it("differs across days' secrets", () => {
    expect(clientKey(address, secret)).not.toBe(clientKey(address, "secret-of-2024-11-22"));
  });

  it("differs across addresses", () => {
    expect(clientKey(address, secret)).not.toBe(clientKey("203.0.113.8", secret));
    expect(clientKey("2001:db8::1", secret)).not.toBe(clientKey("2001:db8::2", secret));
  });

  it("is 32 lowercase hex characters", () => {
    for (const a of [address, "2001:db8::1", "unknown", ""]) expect(clientKey(a, secret)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("does not contain the address or its parts", () => {
    const key = clientKey(address, secret);
    expect(key).not.toContain(address);
    expect(key).not.toContain("203");
    expect(key).not.toContain(Buffer.from(address).toString("hex"));
  });

  it("does not just hash the address without the secret", () => {
    expect(clientKey(address, "a")).not.toBe(clientKey(address, "b"));
    expect(clientKey(address, "")).not.toBe(clientKey(address, secret));
  });
});

describe("utcDay", () => {
  it("names the UTC day, not the local one", () => {
    expect(utcDay(new Date("2024-11-21T23:59:59Z"))).toBe("2024-11-21");
    expect(utcDay(new Date("2024-11-22T03:00:00+05:00"))).toBe("2024-11-21");
  });
});

describe("clientAddress", () => {
  const headers = (init: Record<string, string>) => new Headers(init);

  it("takes the last X-Forwarded-For entry, the one our proxy wrote", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "198.51.100.1, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(headers({ "x-forwarded-for": "1.1.1.1,2.2.2.2,203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("takes a single entry", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
  });

  it("trims spaces around the entry", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "  198.51.100.1 ,   203.0.113.7   " }))).toBe("203.0.113.7");
  });

  it("reads the header case-insensitively", () => {
    expect(clientAddress(headers({ "X-Forwarded-For": "203.0.113.7" }))).toBe("203.0.113.7");
  });

  it("returns unknown when the header is absent or empty", () => {
    expect(clientAddress(headers({}))).toBe("unknown");
    expect(clientAddress(headers({ "x-forwarded-for": "" }))).toBe("unknown");
    expect(clientAddress(headers({ "x-forwarded-for": " , " }))).toBe("unknown");
  });

  it("ignores X-Real-IP and other headers a client could set", () => {
    expect(clientAddress(headers({ "x-real-ip": "198.51.100.1" }))).toBe("unknown");
  });
});

describe("coarsen", () => {
  it("uses 0.05° cells", () => {
    expect(CELL_DEGREES).toBe(0.05);
  });

  it("snaps a point to the centre of its 0.05° cell", () => {
    expect(coarsen({ lat: 24.86, lon: 67.01 })).toEqual({ lat: 24.875, lon: 67.025 });
    expect(coarsen({ lat: 31.5204, lon: 74.3587 })).toEqual({ lat: 31.525, lon: 74.375 });
    expect(coarsen({ lat: 24.8999, lon: 67.0001 })).toEqual({ lat: 24.875, lon: 67.025 });
  });

  it("snaps negative coordinates to the cell below them", () => {
    expect(coarsen({ lat: -0.01, lon: -33.87 })).toEqual({ lat: -0.025, lon: -33.875 });
  });

  // Deterministic pseudo-random points over Pakistan and the whole globe.
  const points: { lat: number; lon: number }[] = [];
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 500; i++) points.push({ lat: 23 + rand() * 14, lon: 60 + rand() * 18 });
  for (let i = 0; i < 500; i++) points.push({ lat: -90 + rand() * 180, lon: -180 + rand() * 360 });
  for (let k = -20; k <= 20; k++) points.push({ lat: k * CELL_DEGREES, lon: 67 + k * CELL_DEGREES });

  it("returns a cell centre: an odd multiple of 0.025°", () => {
    for (const p of points) {
      const c = coarsen(p);
      for (const v of [c.lat, c.lon]) {
        const halves = v / (CELL_DEGREES / 2);
        expect(Math.abs(halves - Math.round(halves)), `${v}`).toBeLessThan(1e-6);
        expect(Math.abs(Math.round(halves)) % 2, `${v}`).toBe(1);
      }
    }
  });

  it("is idempotent: coarsening a coarse point changes nothing", () => {
    for (const p of points) {
      const once = coarsen(p);
      expect(coarsen(once), JSON.stringify(p)).toEqual(once);
    }
  });

  it("moves a point by at most ~0.036° in each axis", () => {
    for (const p of points) {
      const c = coarsen(p);
      expect(Math.abs(c.lat - p.lat), JSON.stringify(p)).toBeLessThanOrEqual(0.036);
      expect(Math.abs(c.lon - p.lon), JSON.stringify(p)).toBeLessThanOrEqual(0.036);
    }
  });

  it("maps two points in the same cell to the same centre and points in different cells apart", () => {
    expect(coarsen({ lat: 24.851, lon: 67.001 })).toEqual(coarsen({ lat: 24.899, lon: 67.049 }));
    expect(coarsen({ lat: 24.849, lon: 67.001 })).not.toEqual(coarsen({ lat: 24.851, lon: 67.001 }));
  });

  // BUG (minor): Math.floor(v / 0.05) suffers float error on cell edges
  // (24.9 / 0.05 = 497.99999999999994), so about a third of the points that
  // lie exactly on an edge, e.g. 24.9 or 0.15, land in the cell below, whose
  // centre is less than the point: 24.9 → 24.875 instead of 24.925.
  it("puts a point exactly on a cell edge into the cell that starts there", () => {
    expect(coarsen({ lat: 24.9, lon: 67.0 })).toEqual({ lat: 24.925, lon: 67.025 });
    expect(coarsen({ lat: 0.15, lon: 0.15 })).toEqual({ lat: 0.175, lon: 0.175 });
  });

  it("rounds the centre to three decimals, no float noise", () => {
    for (const p of points) {
      const c = coarsen(p);
      expect(String(c.lat)).toMatch(/^-?\d+(\.\d{1,3})?$/);
      expect(String(c.lon)).toMatch(/^-?\d+(\.\d{1,3})?$/);
    }
  });
});

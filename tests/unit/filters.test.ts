import { describe, expect, it } from "vitest";
import { DEFAULT_WINDOW_MS, parseDimension, parseFilters } from "@/lib/filters";
import { ApiError } from "@/lib/errors";

const DAY = 24 * 3600_000;
const d = (iso: string) => new Date(iso);
const iso = (t: Date) => t.toISOString();

describe("parseFilters", () => {
  const NOW = d("2024-11-21T12:00:00Z");
  const parse = (query: string) => parseFilters(new URLSearchParams(query), NOW);
  const apiError = (query: string): ApiError => {
    try {
      parse(query);
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error(`expected ${query} to be rejected`);
  };

  it("defaults to the last 24 hours and no filters", () => {
    expect(parse("")).toEqual({
      from: new Date(NOW.getTime() - DEFAULT_WINDOW_MS),
      to: NOW,
      areas: [],
      isps: [],
      services: [],
      connections: [],
      problems: [],
    });
    expect(DEFAULT_WINDOW_MS).toBe(DAY);
  });

  it("defaults from to 24 hours before a given to", () => {
    const f = parse("to=2024-11-20T00:00:00Z");
    expect(iso(f.to)).toBe("2024-11-20T00:00:00.000Z");
    expect(iso(f.from)).toBe("2024-11-19T00:00:00.000Z");
  });

  it("defaults to to now when only from is given", () => {
    const f = parse("from=2024-11-15T00:00:00Z");
    expect(iso(f.from)).toBe("2024-11-15T00:00:00.000Z");
    expect(f.to).toEqual(NOW);
  });

  it("reads times with an offset", () => {
    const f = parse("from=2024-11-21T00:00:00%2B05:00&to=2024-11-21T10:00:00Z");
    expect(iso(f.from)).toBe("2024-11-20T19:00:00.000Z");
  });

  it("treats an empty time as absent", () => {
    expect(parse("from=&to=")).toMatchObject({ to: NOW });
  });

  it("accepts repeated and comma-separated values, without duplicates", () => {
    const f = parse("isp=ptcl&isp=zong,jazz&isp=zong&area=lahore,sindh&service=whatsapp&connection=mobile,fixed&problem=slow");
    expect(f.isps).toEqual(["ptcl", "zong", "jazz"]);
    expect(f.areas).toEqual(["lahore", "sindh"]);
    expect(f.services).toEqual(["whatsapp"]);
    expect(f.connections).toEqual(["mobile", "fixed"]);
    expect(f.problems).toEqual(["slow"]);
  });

  it("ignores empty entries and spaces in a list", () => {
    expect(parse("isp=ptcl,,%20zong%20,&isp=").isps).toEqual(["ptcl", "zong"]);
  });

  it.each([
    ["area", "atlantis"],
    ["isp", "acme"],
    ["service", "myspace"],
    ["connection", "wifi"],
    ["problem", "down"],
  ])("rejects an unknown %s slug, naming the parameter", (name, value) => {
    const e = apiError(`${name}=${value}`);
    expect(e.status).toBe(400);
    expect(e.code).toBe("unknown_value");
    expect(e.field).toBe(name);
    expect(e.message).toContain(value);
  });

  it("rejects an unknown slug hidden among known ones", () => {
    expect(apiError("isp=ptcl,acme&isp=zong").field).toBe("isp");
  });

  it("rejects from equal to or after to", () => {
    for (const q of ["from=2024-11-21T10:00:00Z&to=2024-11-21T10:00:00Z", "from=2024-11-21T11:00:00Z&to=2024-11-21T10:00:00Z"]) {
      const e = apiError(q);
      expect(e.status).toBe(400);
      expect(e.code).toBe("invalid_window");
      expect(e.field).toBe("from");
    }
  });

  it("rejects a from in the future when to defaults to now", () => {
    expect(apiError("from=2024-11-22T00:00:00Z").code).toBe("invalid_window");
  });

  it("accepts a window of exactly 400 days and rejects a longer one", () => {
    const to = "2024-11-21T00:00:00Z";
    const from400 = new Date(d(to).getTime() - 400 * DAY).toISOString();
    expect(() => parse(`from=${from400}&to=${to}`)).not.toThrow();
    const from401 = new Date(d(to).getTime() - 400 * DAY - 1000).toISOString();
    const e = apiError(`from=${from401}&to=${to}`);
    expect(e.code).toBe("invalid_window");
    expect(e.field).toBe("from");
  });

  it.each(["from=2024-11-21T07:00:00", "to=2024-11-21T07:00:00", "from=2024-11-21", "to=yesterday"])(
    "rejects a time without an offset or not ISO 8601 (%s)",
    (q) => {
      const e = apiError(q);
      expect(e.status).toBe(400);
      expect(e.code).toBe("invalid_time");
      expect(e.field).toBe(q.split("=")[0]);
    },
  );
});

describe("parseDimension", () => {
  const p = (q: string) => new URLSearchParams(q);
  const thrown = (fn: () => unknown): ApiError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error("expected an ApiError");
  };

  it("returns a listed dimension", () => {
    for (const dim of ["service", "isp", "area", "connection", "problem"]) {
      expect(parseDimension(p(`groupBy=${dim}`), "groupBy", false)).toBe(dim);
      expect(parseDimension(p(`dimension=${dim}`), "dimension", true)).toBe(dim);
    }
  });

  it("returns undefined for a missing or empty optional dimension", () => {
    expect(parseDimension(p(""), "groupBy", false)).toBeUndefined();
    expect(parseDimension(p("groupBy="), "groupBy", false)).toBeUndefined();
  });

  it("rejects a missing or empty required dimension, naming it", () => {
    for (const q of ["", "dimension="]) {
      const e = thrown(() => parseDimension(p(q), "dimension", true));
      expect(e.status).toBe(400);
      expect(e.code).toBe("required");
      expect(e.field).toBe("dimension");
    }
  });

  it("rejects an unlisted dimension whether required or not", () => {
    for (const required of [true, false]) {
      const e = thrown(() => parseDimension(p("groupBy=city"), "groupBy", required));
      expect(e.status).toBe(400);
      expect(e.code).toBe("unknown_value");
      expect(e.field).toBe("groupBy");
    }
  });
});

import en from "@/messages/en.json";

// Typed failures a route handler maps to an HTTP answer in one place
// (lib/http/respond.ts). Anything else is a bug and becomes a 500.

// This module is loaded twice in production: by the server entry (the group
// commit that raises StorageUnavailableError and RateLimitedError runs there)
// and inside Next's bundle (the route handlers that catch them). Plain
// `instanceof` would then fail across the two copies, so each class is
// recognised by a kind stamped on its instances — the same reason the runtime
// is handed over through a global symbol (db/runtime.ts).
const KIND = Symbol.for("disruption-watch.error-kind");

function hasKind(value: unknown, kind: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  const kinds = (value as { [KIND]?: readonly string[] })[KIND];
  return Array.isArray(kinds) && kinds.includes(kind);
}

export class ApiError extends Error {
  static readonly kind: string = "api";
  readonly [KIND]: readonly string[];

  static [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, this.kind);
  }

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    // Every kind from this class up to ApiError, so `instanceof` any of them holds.
    const kinds: string[] = [];
    for (let c = new.target as unknown as { kind?: string } | null; c && c.kind; c = Object.getPrototypeOf(c) as { kind?: string } | null) {
      if (!kinds.includes(c.kind)) kinds.push(c.kind);
    }
    this[KIND] = kinds;
  }
}

export class StorageUnavailableError extends ApiError {
  static override readonly kind: string = "storage_unavailable";
  constructor(readonly reason?: unknown) {
    super(503, "storage_unavailable", "The database is unavailable; nothing was stored. Try again shortly.", undefined, {
      "Retry-After": "5",
    });
    this.name = "StorageUnavailableError";
  }
}

/** 429: the client key sent more than the hard limit allows in this window. */
export class RateLimitedError extends ApiError {
  static override readonly kind: string = "rate_limited";
  constructor(
    readonly window: "minute" | "day",
    readonly retryAfterSeconds: number,
  ) {
    super(
      429,
      "rate_limited",
      `Too many reports from this connection in the last ${window}; nothing was stored. Try again in ${retryAfterSeconds} s.`,
      undefined,
      { "Retry-After": String(retryAfterSeconds) },
    );
    this.name = "RateLimitedError";
  }
}

const fieldMessages = en.errors as Record<string, string>;

/** A 400 naming the field, in English words taken from the form's own catalogue. */
export function invalidField(field: string, code: string): ApiError {
  const words = fieldMessages[code] ?? fieldMessages.invalid ?? "is not valid";
  return new ApiError(400, code, `${field || "body"}: ${words}`, field || undefined);
}

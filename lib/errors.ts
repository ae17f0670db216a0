import en from "@/messages/en.json";

// Typed failures a route handler maps to an HTTP answer in one place
// (lib/http/respond.ts). Anything else is a bug and becomes a 500.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export class StorageUnavailableError extends ApiError {
  constructor(readonly reason?: unknown) {
    super(503, "storage_unavailable", "The database is unavailable; nothing was stored. Try again shortly.", undefined, {
      "Retry-After": "5",
    });
    this.name = "StorageUnavailableError";
  }
}

/** 429: the client key sent more than the hard limit allows in this window. */
export class RateLimitedError extends ApiError {
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

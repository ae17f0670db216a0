// Whether an error means "the database cannot be reached right now" — down,
// restarting, refusing connections, or a query that timed out — rather than a
// bug. Those become a 503 with Retry-After (StorageUnavailableError); the pool
// replaces dead connections by itself, so the next request after the server is
// back succeeds without a restart.

// PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01 admin shutdown,
// 57P02 crash shutdown, 57P03 cannot connect now (starting up), 53300 too
// many connections, 57014 query cancelled (statement_timeout).
const SQLSTATE = /^(08...|57P0[1-3]|53300|57014)$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// node-postgres raises plain Errors for these, with no code.
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Client has encountered a connection error/i,
  /Connection ended unexpectedly/i,
  /Cannot use a pool after calling end/i,
];

export function isStorageFailure(error: unknown): boolean {
  // Drizzle wraps driver errors (DrizzleQueryError) with the original as `cause`.
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== "object") return false;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (SQLSTATE.test(code) || NODE_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && MESSAGES.some((m) => m.test(message))) return true;
  }
  return false;
}

/**
 * A pooled connection that the server closed (a restart, an admin shutdown):
 * the next connection will likely work, so one immediate retry is worth it.
 * Not a timeout or a refusal: retrying those only doubles the wait.
 */
export function isStaleConnection(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== "object") return false;
    const code = (e as { code?: unknown }).code;
    if (code === "57P01" || code === "ECONNRESET" || code === "EPIPE") return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && /Connection terminated|Client has encountered a connection error/i.test(message)) return true;
  }
  return false;
}

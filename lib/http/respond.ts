import { ApiError, StorageUnavailableError, invalidField } from "@/lib/errors";
import { isStorageFailure } from "@/lib/storage-failure";
import { databaseErrors } from "@/lib/ops/metrics";
import { errorMessage, log } from "@/lib/ops/log";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    const body = { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
    return json(body, error.status, error.headers);
  }
  // The database is down or restarting: clients should retry, and will
  // succeed once it is back (the pool reconnects by itself).
  if (isStorageFailure(error)) {
    databaseErrors.inc({ where: "request" });
    return errorResponse(new StorageUnavailableError(error));
  }
  // Anything else is our bug: say so honestly (a 503 would hide it from
  // tests and monitoring), and never leak internals.
  log().error({ error: errorMessage(error) }, "unexpected error");
  return json({ error: { code: "internal_error", message: "Something went wrong on our side; nothing was stored." } }, 500);
}

/** 400 for an invalid report: the first failing field, plus every other one. */
export function invalidReportResponse(issues: { field: string; code: string }[]): Response {
  const all = issues.map((i) => ({ field: i.field, code: i.code, message: invalidField(i.field, i.code).message }));
  const first = all[0] ?? { field: "", code: "invalid", message: "invalid report" };
  return json({ error: { ...first, field: first.field || undefined, issues: all } }, 400);
}

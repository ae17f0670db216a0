import { ApiError, StorageUnavailableError, invalidField } from "@/lib/errors";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    const body = { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
    return json(body, error.status, error.headers);
  }
  // Not something a client sent: our fault or the storage's. Without the
  // database we say 503 so clients retry; never leak internals.
  console.error("unexpected error", error instanceof Error ? error.message : error);
  const unavailable = new StorageUnavailableError();
  return errorResponse(unavailable);
}

/** 400 for an invalid report: the first failing field, plus every other one. */
export function invalidReportResponse(issues: { field: string; code: string }[]): Response {
  const all = issues.map((i) => ({ field: i.field, code: i.code, message: invalidField(i.field, i.code).message }));
  const first = all[0] ?? { field: "", code: "invalid", message: "invalid report" };
  return json({ error: { ...first, field: first.field || undefined, issues: all } }, 400);
}

import { SignalShapeError, type Signal, type SignalSource, type SourceClient, type SourceRequest } from "./types";

// One request to a measurement source, with a deadline, turned into signals or
// into an error the importer can back off on. Network trouble and refusals are
// SourceHttpError (retry later); a body no schema accepts is SignalShapeError
// (log it: retrying will not change the shape).

const DEFAULT_TIMEOUT_MS = 20_000;
/** How much of an error body goes into the message: enough for the source's own explanation. */
const DETAIL_CHARS = 300;

/**
 * A source that did not answer with a 2xx: `status` is the HTTP status, or 0
 * when there was no answer at all (timeout, refused connection, reset).
 * `retryAfterMs` is what the source asked for (Retry-After), if anything.
 */
export class SourceHttpError extends Error {
  override readonly name = "SourceHttpError";

  constructor(
    readonly source: SignalSource,
    readonly url: string,
    readonly status: number,
    readonly retryAfterMs: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Retry-After in milliseconds from now: either delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Cloudflare sends it on 429 (corroboration.md §2.6).
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const FIRST_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 6 * 3600_000;

/**
 * How long to wait after `failures` failures in a row: 1 min, 2, 4, … up to
 * 6 h, and never less than the source's own Retry-After.
 */
export function backoffMs(failures: number, retryAfterMs: number | null): number {
  const exponential = failures <= 0 ? 0 : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}

function noAnswer(client: SourceClient, request: SourceRequest, error: unknown): SourceHttpError {
  const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
  const reason = timedOut ? "timed out" : error instanceof Error ? error.message : String(error);
  return new SourceHttpError(client.source, request.url, 0, null, `${client.source}: no answer from ${request.url}: ${reason}`, {
    cause: error,
  });
}

/**
 * The source's own explanation in an error body: IODA's and OONI's `error`
 * string (corroboration.md §1.3, §3.6), Radar's `errors[].message` (§2.1),
 * FastAPI's `detail`; else the start of the body. It never holds the token,
 * which only travels in a request header.
 */
function explanation(text: string): string {
  let said: unknown;
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null) {
      const { error, errors, detail } = body as { error?: unknown; errors?: unknown; detail?: unknown };
      const messages = Array.isArray(errors) ? errors.map((e: { message?: unknown }) => e?.message).filter((m) => typeof m === "string") : [];
      said = typeof error === "string" ? error : messages.length ? messages.join("; ") : typeof detail === "string" ? detail : undefined;
    }
  } catch {
    // Not JSON: the text itself, below.
  }
  return (typeof said === "string" ? said : text).replace(/\s+/g, " ").trim().slice(0, DETAIL_CHARS);
}

async function refusal(client: SourceClient, request: SourceRequest, response: Response): Promise<SourceHttpError> {
  const detail = explanation(await response.text().catch(() => ""));
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  const message = `${client.source}: HTTP ${response.status} from ${request.url}${detail ? `: ${detail}` : ""}`;
  return new SourceHttpError(client.source, request.url, response.status, retryAfterMs, message);
}

/** GETs one request and parses its body with the client's schemas. */
export async function fetchSource(
  client: SourceClient,
  request: SourceRequest,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<{ signals: Signal[] }> {
  const get = options.fetch ?? fetch;
  // One deadline for the whole exchange, body included: a source that sends headers and then stalls is as dead as one that never answers.
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  let response: Response;
  try {
    response = await get(request.url, { headers: { accept: "application/json", ...request.headers }, signal });
  } catch (error) {
    throw noAnswer(client, request, error);
  }
  if (!response.ok) throw await refusal(client, request, response);

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw noAnswer(client, request, error);
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SignalShapeError(client.source, request.url, `not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return { signals: client.parse(body, request) };
}

import { ApiError } from "@/lib/errors";

export const MAX_BODY_BYTES = 16 * 1024;

/** Reads a JSON body of at most 16 KiB, with API.md's 413 / 415 / 400 answers. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type.trim())) {
    throw new ApiError(415, "unsupported_media_type", "Send the report as JSON (Content-Type: application/json).");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  return parseJson(await readCapped(request));
}

/** JSON text (or the bytes a signature was checked over) as a value, or a 400 saying it is not JSON. */
export function parseJson(body: string | Buffer): unknown {
  try {
    return JSON.parse(typeof body === "string" ? body : body.toString("utf8")) as unknown;
  } catch {
    throw new ApiError(400, "bad_json", "The body is not valid JSON.");
  }
}

const tooLarge = (max = MAX_BODY_BYTES) => new ApiError(413, "payload_too_large", `The body is larger than ${max / 1024} KiB.`);

/** The body as text, refused with a 413 past MAX_BODY_BYTES (also when sent without a length). */
export async function readCapped(request: Request): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readCappedBytes(request));
}

/** The body's bytes exactly as sent (a signature covers them), refused with a 413 past `max`. */
export async function readCappedBytes(request: Request, max = MAX_BODY_BYTES): Promise<Buffer> {
  if (Number(request.headers.get("content-length") ?? "0") > max) throw tooLarge(max);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

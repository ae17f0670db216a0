import { createHash } from "node:crypto";

export type BodyDigest = { sha256: Buffer; bytes: number };

/**
 * The export body as it is generated, one chunk per read (a slow client
 * holds back the database, never memory), hashed on the way. `finish` gets
 * the digest of everything sent before the end is signalled; if it throws,
 * the stream ends in an error instead, so a client sees a failed download
 * rather than a body its headers do not describe. `release` runs once, at
 * the end, on an error or when the client goes away.
 */
export function hashedStream(chunks: AsyncIterable<string>, finish: (digest: BodyDigest) => Promise<void>, release: () => void): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const hash = createHash("sha256");
  let bytes = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const next = await it.next();
            if (next.done) {
              await finish({ sha256: hash.digest(), bytes });
              release();
              controller.close();
              return;
            }
            if (next.value.length === 0) continue;
            const buf = Buffer.from(next.value, "utf8");
            hash.update(buf);
            bytes += buf.length;
            controller.enqueue(buf);
            return;
          }
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      async cancel() {
        release();
        await it.return?.(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The SHA-256 (hex) and length of a body generated chunk by chunk, never held whole. */
export async function digestOf(chunks: AsyncIterable<string>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of chunks) {
    const buf = Buffer.from(chunk, "utf8");
    hash.update(buf);
    bytes += buf.length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

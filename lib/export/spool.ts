import { createHash } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";

// Why exports are spooled: a Digest header goes before the body, but the
// digest is known only after the last byte. So the body is written once to a
// temporary file while it is hashed — memory stays at one page of rows — and
// then sent from that file with the digest in front. The bytes sent are the
// bytes hashed, whatever changes in the database meanwhile. The file is
// removed when the answer has been sent or the client goes away.

export type Spooled = {
  bytes: number;
  sha256: Buffer;
  /** Streams the file once, then removes it. */
  body: () => ReadableStream<Uint8Array>;
  discard: () => Promise<void>;
};

export async function spool(chunks: AsyncIterable<string>): Promise<Spooled> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dw-export-"));
  const file = path.join(dir, "body");
  const discard = () => fs.promises.rm(dir, { recursive: true, force: true });
  const hash = createHash("sha256");
  let bytes = 0;
  const out = fs.createWriteStream(file);
  try {
    for await (const chunk of chunks) {
      const buf = Buffer.from(chunk, "utf8");
      hash.update(buf);
      bytes += buf.length;
      if (!out.write(buf)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
  } catch (error) {
    out.destroy();
    await discard();
    throw error;
  }
  return {
    bytes,
    sha256: hash.digest(),
    discard,
    body: () => {
      const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
      stream.on("close", () => void discard());
      return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    },
  };
}

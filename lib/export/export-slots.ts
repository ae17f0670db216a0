import { ApiError } from "@/lib/errors";

// A month's export costs tens of seconds of CPU and a spool file. In a viral
// outage many readers may ask at once; each instance builds at most
// MAX_CONCURRENT at a time and answers the rest 503 with Retry-After, so the
// reports keep flowing. Not needed for correctness: per instance, in memory.

export const MAX_CONCURRENT_EXPORTS = 2;

export function createSlots(max: number) {
  let busy = 0;
  /** Takes a slot, or throws a 503 when every slot is taken; the function returned gives it back (once, however often it is called). */
  const acquire = (): (() => void) => {
    if (busy >= max) {
      throw new ApiError(503, "busy", "Other exports are being built; try again in a few seconds.", undefined, { "Retry-After": "10" });
    }
    busy++;
    let released = false;
    return () => {
      if (!released) busy--;
      released = true;
    };
  };
  return {
    acquire,
    /** Runs `work` in a slot, or throws a 503 when every slot is taken. */
    async run<T>(work: () => Promise<T>): Promise<T> {
      const release = acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
    get busy() {
      return busy;
    },
  };
}

export const exportSlots = createSlots(MAX_CONCURRENT_EXPORTS);

// A closed window's export streams from the database as the client reads
// it (lib/export/hashed-stream.ts): a page of rows per read, so a slow
// client costs little, but each still holds a slot until it has all of it.
export const MAX_CONCURRENT_STREAMS = 8;
export const streamSlots = createSlots(MAX_CONCURRENT_STREAMS);

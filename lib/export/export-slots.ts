import { ApiError } from "@/lib/errors";

// A month's export costs tens of seconds of CPU and a spool file. In a viral
// outage many readers may ask at once; each instance builds at most
// MAX_CONCURRENT at a time and answers the rest 503 with Retry-After, so the
// reports keep flowing. Not needed for correctness: per instance, in memory.

export const MAX_CONCURRENT_EXPORTS = 2;

export function createSlots(max: number) {
  let busy = 0;
  return {
    /** Runs `work` in a slot, or throws a 503 when every slot is taken. */
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (busy >= max) {
        throw new ApiError(503, "busy", "Other exports are being built; try again in a few seconds.", undefined, { "Retry-After": "10" });
      }
      busy++;
      try {
        return await work();
      } finally {
        busy--;
      }
    },
    get busy() {
      return busy;
    },
  };
}

export const exportSlots = createSlots(MAX_CONCURRENT_EXPORTS);

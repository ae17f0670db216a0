// Each password hash takes 128 MiB and a few hundred milliseconds of a core
// (lib/admin/password-hash.ts). Forty sign-in attempts at once would ask for
// 5 GiB; so each instance hashes at most MAX_RUNNING at a time and lets at
// most MAX_WAITING wait their turn. Past that a sign-in is answered "busy,
// try again" at once — the report form, which shares the machine, must keep
// working. Per instance, in memory: not needed for correctness.

export const MAX_RUNNING = 2;
export const MAX_WAITING = 8;

export class HashBusyError extends Error {
  constructor() {
    super("too many sign-ins at once on this server; try again in a few seconds");
    this.name = "HashBusyError";
  }
}

export function createHashSlots(maxRunning = MAX_RUNNING, maxWaiting = MAX_WAITING) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    /** Runs `work` when a slot is free; throws HashBusyError when too many already wait. */
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running >= maxRunning) {
        if (waiting.length >= maxWaiting) throw new HashBusyError();
        // The slot is handed over by release(), never given back and retaken.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}

export const hashSlots = createHashSlots();

import type { DatabaseHandle, Db } from "@/db/client";
import type { GroupCommit } from "@/db/ingest";

// The server entry opens the database before it listens and hands it over
// here. Next bundles the app separately from the entry, so the hand-over goes
// through a global symbol rather than module state; nothing in the bundle ever
// opens a database itself, which is why `next build` cannot touch ./data.
const KEY = Symbol.for("disruption-watch.runtime");

export type Runtime = { handle: DatabaseHandle; ingest: GroupCommit; demo: boolean };

type WithRuntime = typeof globalThis & { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as WithRuntime)[KEY] = runtime;
}

export function runtime(): Runtime {
  const current = (globalThis as WithRuntime)[KEY];
  if (!current) {
    throw new Error(
      "No database is open in this process. Start the app with `npm start` (or `npm run dev`), which opens it before serving.",
    );
  }
  return current;
}

export const db = (): Db => runtime().handle.db;

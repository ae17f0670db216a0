import pino from "pino";

// One JSON object a line on standard output, for whatever collects the
// service's output (journald, a log shipper). Never a client's address, user
// agent, comment or complaint number: what is logged is the app's own doing
// (a job, a batch, a failure's database message). LOG_LEVEL picks the floor
// (default info; silent turns it off).

const KEY = Symbol.for("disruption-watch.log");
type WithLog = typeof globalThis & { [KEY]?: pino.Logger };

function make(): pino.Logger {
  // Read here, not through env(): the logger must work before the configuration is checked (and report that it is not valid).
  const given = process.env.LOG_LEVEL;
  const level = given && given in pino.levels.values ? given : given === "silent" ? "silent" : process.env.NODE_ENV === "test" ? "warn" : "info";
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** The process's logger (the server entry and Next's bundle share it). */
export function log(): pino.Logger {
  const g = globalThis as WithLog;
  return (g[KEY] ??= make());
}

/** An error's message without its stack or the values a query carried: the driver's own first line, under Drizzle's wrapper (which quotes the query and its parameters). */
export function errorMessage(error: unknown): string {
  let e: unknown = error;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message.split("\n")[0]! : String(error);
}

// The embedded database's own thread (db/pglite-thread.ts starts it): PGlite
// runs its queries in WebAssembly, synchronously, so on the server's main
// thread every query stopped every request. Here it owns the database and
// answers messages { id, op, ... } with { id, ok, result | error }. Plain
// JavaScript, so it starts the same under tsx, Vitest and node.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types } from "@electric-sql/pglite";

// Drizzle reads dates, times and intervals as PostgreSQL's text; its parsers
// (functions, which cannot cross threads) are applied here.
const same = (value) => value;
const TEXT_DATES = {
  [types.TIMESTAMP]: same,
  [types.TIMESTAMPTZ]: same,
  [types.INTERVAL]: same,
  [types.DATE]: same,
  1231: same, // numeric[]
  1115: same, // timestamp[]
  1185: same, // timestamptz[]
  1187: same, // interval[]
  1182: same, // date[]
};

const { dataDir, loadDataDir } = workerData;
const opened = dataDir
  ? PGlite.create(dataDir, loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {})
  : PGlite.create();
opened.catch(() => {}); // reported to every message, the first ("ready") included

async function answer(message) {
  const db = await opened;
  switch (message.op) {
    case "ready":
      return null;
    case "query": {
      const { rowMode, textDates } = message.options ?? {};
      const options = { ...(rowMode ? { rowMode } : {}), ...(textDates ? { parsers: TEXT_DATES } : {}) };
      const { rows, fields, affectedRows } = await db.query(message.sql, message.params, options);
      return { rows, fields, affectedRows };
    }
    case "exec":
      return (await db.exec(message.sql)).map(({ rows, fields, affectedRows }) => ({ rows, fields, affectedRows }));
    case "dump": {
      const blob = await db.dumpDataDir("gzip");
      return new Uint8Array(await blob.arrayBuffer());
    }
    case "close":
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

/** An error as plain data: its message, name and every field PostgreSQL gave (code, constraint, detail…). */
function plain(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const out = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) if (value === null || ["string", "number", "boolean"].includes(typeof value)) out[key] = value;
  return out;
}

function reply(id, ok, value) {
  try {
    // A dump goes over as its buffer, not a copy of it.
    if (ok) parentPort.postMessage({ id, ok, result: value }, value instanceof Uint8Array ? [value.buffer] : []);
    else parentPort.postMessage({ id, ok, error: value });
  } catch (error) {
    // A value that cannot be copied back: that query fails, the thread goes on.
    parentPort.postMessage({ id, ok: false, error: plain(error) });
  }
}

parentPort.on("message", (message) => {
  answer(message).then(
    (result) => reply(message.id, true, result),
    (error) => reply(message.id, false, plain(error)),
  );
});

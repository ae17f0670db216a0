import { bootDatabase, databaseConfig } from "@/db/boot";
import { DataFolderLockedError } from "@/db/client";
import { enabledSources, importSignals } from "@/db/jobs/import-signals";
import { env } from "@/lib/env";
import { errorMessage } from "@/lib/ops/log";

// npm run signals:import -- --from 2024-11-01 --to 2024-12-01 [--source ioda]
//
// Backfills measured signals for a window from every source this
// deployment has switched on (SIGNALS_IODA=1, SIGNALS_OONI=1,
// CLOUDFLARE_RADAR_TOKEN; docs/signals.md), a window of each source's
// longest span at a time, at its rate limit, into the database the app
// uses (DATABASE_URL, else DATA_DIR: stop the app first on the embedded
// database). Stops at the first HTTP error and says where; run it again to
// go on. Never moves a source's cursor back.

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
};
const parseDate = (name: string) => {
  const raw = arg(name);
  const d = raw ? new Date(raw) : null;
  if (!d || Number.isNaN(d.getTime())) {
    console.error(`--${name}: give a date or time, e.g. --${name} 2024-11-01`);
    process.exit(2);
  }
  return d;
};

const from = parseDate("from");
const to = parseDate("to");
if (to <= from) {
  console.error("--to: must be after --from");
  process.exit(2);
}
const only = arg("source");
const sources = enabledSources(env()).filter((s) => !only || s.client.source === only);
if (sources.length === 0) {
  console.error(only ? `${only} is not switched on (see docs/signals.md)` : "No source is switched on: set SIGNALS_IODA=1, SIGNALS_OONI=1 or CLOUDFLARE_RADAR_TOKEN (docs/signals.md).");
  process.exit(2);
}

let handle;
try {
  handle = await bootDatabase(databaseConfig(env()));
} catch (error) {
  if (error instanceof DataFolderLockedError) {
    console.error("The embedded database is in use: stop the app first, or import while it runs on PostgreSQL.");
    process.exit(1);
  }
  throw error;
}
let failed = false;
try {
  for (const { client, options } of sources) {
    const run = await importSignals(handle.db, client, { ...options, maxRequests: Number.MAX_SAFE_INTEGER }, new Date(), { from, to });
    if (run.outcome === "failed") {
      failed = true;
      console.error(`${client.source}: stopped at ${run.cursor ?? from.toISOString()} after ${run.stored} signals: ${run.error}`);
    } else if (run.outcome === "skipped") {
      failed = true;
      console.error(`${client.source}: another import is running; try again in a few minutes`);
    } else {
      console.log(`${client.source}: ${run.stored} signals over ${run.windows} windows${run.skippedResponses ? `, ${run.skippedResponses} responses of an unknown shape skipped` : ""}`);
    }
  }
} catch (error) {
  failed = true;
  console.error(errorMessage(error));
} finally {
  await handle.close();
}
process.exit(failed ? 1 : 0);

import { bootDatabase } from "@/db/boot";
import { detectIncidents } from "@/db/jobs/detect-incidents";
import { seedDemo } from "@/db/seed/demo";
import { incidents, incidentScopes } from "@/db/schema";

// Detection over the synthetic demo: how long the first (backfill) run and a
// following run take, and what they find. `npx tsx bench/demo-detection.ts`.
const handle = await bootDatabase({ kind: "pglite-memory" });
const now = new Date();
let t = performance.now();
const seeded = await seedDemo(handle.db, { anchor: now });
const { dataStart } = await import("@/db/queries/rollup-series");
const ds = (await dataStart(handle.db))!;
const { detectScopes } = await import("@/db/detection/detect-scopes");
const { DEFAULT_DETECTION } = await import("@/lib/detection/detection-config");
if (process.env.DETECTION_PROFILE) { const t1 = performance.now(); const f = await detectScopes(handle.db, now.getTime() - 86400000, now.getTime(), ds, DEFAULT_DETECTION); console.log("1 day", f.length, (performance.now() - t1).toFixed(0), "ms"); }
console.log(`demo: ${seeded.inserted} reports in ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
await handle.db.transaction((tx) => detectIncidents(tx, now));
console.log(`first run (backfill): ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
await handle.db.transaction((tx) => detectIncidents(tx, new Date(now.getTime() + 60_000)));
console.log(`next run: ${((performance.now() - t) / 1000).toFixed(2)} s`);
const rows = await handle.db.select().from(incidents).orderBy(incidents.startedAt);
const scopes = await handle.db.select().from(incidentScopes);
for (const r of rows) {
  const mine = scopes.filter((s) => s.incidentId === r.id).map((s) => `${s.kind}:${s.key}`);
  console.log(`${r.startedAt.toISOString()} → ${r.endedAt?.toISOString() ?? "ongoing"}  ${r.scopeKind}:${r.scopeKey}  ${r.reports}/${r.expected.toFixed(0)}  [${mine.length}] ${mine.slice(0, 8).join(" ")}`);
}
await handle.close();

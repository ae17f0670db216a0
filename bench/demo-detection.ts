import { bootDatabase } from "@/db/boot";
import { detectIncidents } from "@/db/jobs/detect-incidents";
import { seedDemo } from "@/db/seed/demo";
import { incidents, incidentScopes } from "@/db/schema";

// npm run bench:detection — the detection job over the synthetic demo (four
// weeks, ~72k reports, in-memory PGlite): how long the first run (which looks
// back 14 days) and a following run (the last 6 hours) take, and what they find.
const handle = await bootDatabase({ kind: "pglite-memory" });
const now = new Date();
let t = performance.now();
const seeded = await seedDemo(handle.db, { anchor: now });
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

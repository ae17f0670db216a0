import { bootDatabase } from "@/db/boot";
import { detectIncidents } from "@/db/jobs/detect-incidents";
import { seedDemo } from "@/db/seed/demo";
import { incidents, incidentScopes } from "@/db/schema";

// npm run bench:detection — the detection job over the synthetic demo (four
// weeks, ~72k reports, in-memory PGlite): how long the first run (which looks
// back 14 days) and the ten runs that follow it a minute apart (the last 6
// hours, widened over what is ongoing) take, and what they find. One run's
// time swings several-fold on PGlite (its garbage collection, the database's
// own housekeeping), so the following runs print their median and max.
const handle = await bootDatabase({ kind: "pglite-memory" });
const now = new Date();
let t = performance.now();
const seeded = await seedDemo(handle.db, { anchor: now });
console.log(`demo: ${seeded.inserted} reports in ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
await handle.db.transaction((tx) => detectIncidents(tx, now));
console.log(`first run (backfill): ${((performance.now() - t) / 1000).toFixed(1)} s`);
const next: number[] = [];
for (let i = 1; i <= 10; i++) {
  t = performance.now();
  await handle.db.transaction((tx) => detectIncidents(tx, new Date(now.getTime() + i * 60_000)));
  next.push((performance.now() - t) / 1000);
}
const sorted = [...next].sort((a, b) => a - b);
console.log(`next 10 runs: median ${((sorted[4]! + sorted[5]!) / 2).toFixed(2)} s, max ${sorted[9]!.toFixed(2)} s (${next.map((x) => x.toFixed(2)).join(", ")})`);
const rows = await handle.db.select().from(incidents).orderBy(incidents.startedAt);
const scopes = await handle.db.select().from(incidentScopes);
for (const r of rows) {
  const mine = scopes.filter((s) => s.incidentId === r.id).map((s) => `${s.kind}:${s.key}`);
  console.log(`${r.startedAt.toISOString()} → ${r.endedAt?.toISOString() ?? "ongoing"}  ${r.scopeKind}:${r.scopeKey}  ${r.reports}/${r.expected.toFixed(0)}  [${mine.length}] ${mine.slice(0, 8).join(" ")}`);
}
await handle.close();

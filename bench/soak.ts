import os from "node:os";
import { runScript, Verdict, onCleanup } from "@/bench/cleanup";
import { arg, byStatus, clientAddress, formatCounts, latencyTable, loops, randomReport, seeded, send, sendReport, sleep, type Answer, type ReportBody } from "@/bench/load";
import { ensureBuild, existingPostgresTarget, postgresTarget, query, startApp, type Target } from "@/bench/server";

/*
 * npm run bench:soak [-- --reporters 16 --readers 8 --flooders 3 --port 3501 --seed 1]
 *
 * SOAK_MINUTES (default 2) of mixed load against the production build on
 * PostgreSQL — a fresh database on the local server (BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test, is where it is created),
 * or the database DATABASE_URL names — then an account of every report:
 *
 * - reporters: closed loops, each report from the next of 50,000 client
 *   addresses (X-Forwarded-For, TRUST_PROXY=1) with its own clientReportId;
 *   one in twenty re-sends an answered report (must answer 200, same id),
 *   one in fifty sends the same report twice at once (one report stored);
 * - flooders: a few clients sending 3 reports a second, three times the
 *   per-minute limit, so 429s occur;
 * - readers: the overview and map pages, the timeline, breakdown and map APIs.
 *
 * PASS when: every answer is an expected code (no 5xx, none missing); every
 * 429 has Retry-After; the reports stored during the run are exactly the
 * clientReportIds answered 201 (none acknowledged and lost, none stored that
 * was refused); every replay answered 200 with the first answer's id; no
 * flooder got more than the limit through in a clock minute; the counted
 * total the API gives equals the counted reports in the table.
 */

const MINUTES = Number(process.env.SOAK_MINUTES ?? 2);
const REPORTERS = arg("reporters", 16);
const READERS = arg("readers", 8);
const FLOODERS = arg("flooders", 3);
const PORT = arg("port", 3501);
const SEED = arg("seed", 1);
const CLIENTS = 50_000;
const PER_MINUTE = 60; // RATE_LIMIT_PER_MINUTE, the default
const FLOOD_EVERY_MS = 333;

type Sent = { body: ReportBody; address: string; id?: number };

async function main(): Promise<number> {
  if (!(MINUTES > 0)) throw new Error(`SOAK_MINUTES must be a positive number, not ${process.env.SOAK_MINUTES}`);
  ensureBuild();
  const target = await soakTarget();
  onCleanup("the soak database", () => target.cleanup());
  const app = await startApp(target, PORT, { TRUST_PROXY: "1" });
  const url = target.url!;
  const [{ max: before }] = (await query<{ max: string | null }>(url, "select max(id) as max from reports")) as [{ max: string | null }];
  const firstId = Number(before ?? 0);

  const random = seeded(SEED);
  const answers: Answer[] = [];
  const firstAnswer = new Map<string, Sent>(); // clientReportId → what was sent, and the id of its 201
  const answered: string[] = []; // keys answered 201, for replays
  let nextClient = 0;
  const record = (a: Answer, sent?: Sent) => {
    answers.push(a);
    if (a.status === 201 && a.key && sent && sent.id === undefined) {
      sent.id = (JSON.parse(a.body!) as { id: number }).id;
      answered.push(a.key);
    }
  };

  const readPaths = () => {
    const services = ["whatsapp", "youtube", "vpn", "internet"];
    const service = services[Math.floor(random() * services.length)]!;
    // Half the API reads ask for a window no one else asked for (a `to` to
    // the millisecond): they reach the database, not the 10-second caches.
    const fresh = random() < 0.5 ? `&to=${new Date(Date.now() + 60_000).toISOString()}` : "";
    return [
      ["page /", "/"],
      ["page /map", "/map"],
      ["api timeline", `/api/v1/timeline?bucket=5m&service=${service}${fresh}`],
      ["api breakdown", `/api/v1/breakdown?dimension=isp&service=${service}${fresh}`],
      ["api map", `/api/v1/map?level=district${fresh}`],
    ] as const;
  };
  for (const [, p] of readPaths()) await send(`${app.url}${p}`, { kind: "warm-up" }); // first renders compile templates

  const started = Date.now();
  const deadline = started + MINUTES * 60_000;
  const more = () => Date.now() < deadline;
  console.log(`> ${MINUTES} min: ${REPORTERS} reporters, ${FLOODERS} flooders, ${READERS} readers on ${target.name}…`);

  const reporters = loops(REPORTERS, more, async () => {
    const roll = random();
    if (roll < 0.05 && answered.length > 0) {
      const key = answered[Math.floor(random() * answered.length)]!;
      const sent = firstAnswer.get(key)!;
      record(await sendReport(app.url, sent.body, sent.address, "report replay"), sent);
      return;
    }
    const sent: Sent = { body: randomReport(random), address: clientAddress(nextClient++ % CLIENTS) };
    firstAnswer.set(sent.body.clientReportId, sent);
    if (roll < 0.07) {
      // The same report twice at once: a form resubmitted while its first send is in flight.
      const twice = await Promise.all([sendReport(app.url, sent.body, sent.address, "report twice at once"), sendReport(app.url, sent.body, sent.address, "report twice at once")]);
      twice.forEach((a) => record(a, sent));
      return;
    }
    record(await sendReport(app.url, sent.body, sent.address), sent);
  });
  const flooders = loops(FLOODERS, more, async (i) => {
    const sent: Sent = { body: randomReport(random), address: `10.255.255.${i + 1}` };
    firstAnswer.set(sent.body.clientReportId, sent);
    const t = Date.now();
    record(await sendReport(app.url, sent.body, sent.address, "flood (3/s)"), sent);
    await sleep(Math.max(0, FLOOD_EVERY_MS - (Date.now() - t)));
  });
  // Readers are a crowd too: the read API's limit counts per address and minute (server/read-limit.ts).
  let nextReader = 0;
  const readers = loops(READERS, more, async () => {
    const paths = readPaths();
    const [kind, p] = paths[Math.floor(random() * paths.length)]!;
    record(await send(`${app.url}${p}`, { kind, headers: { "x-forwarded-for": clientAddress(nextReader++ % CLIENTS) } }));
  });
  const ticker = setInterval(() => console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${answers.length} answers (${formatCounts(byStatus(answers))})`), 30_000);
  await Promise.all([reporters, flooders, readers]);
  clearInterval(ticker);
  const seconds = (Date.now() - started) / 1000;

  // The counted total the API gives for the run's window, against the table.
  // (A `to` to the millisecond: not from a cache.)
  const from = new Date(started - 3600_000).toISOString();
  const to = new Date(Date.now() + 60_000 + (Date.now() % 1000)).toISOString();
  const breakdown = JSON.parse((await send(`${app.url}/api/v1/breakdown?dimension=connection&from=${from}&to=${to}`, { kind: "check" })).body ?? "[]") as { count: number }[];
  const apiCounted = breakdown.reduce((n, r) => n + r.count, 0);
  await app.stop();

  const stored = await query<{ key: string; status: string }>(url, "select idempotency_key as key, status from reports where id > $1", [firstId]);
  const [{ n: tableCounted }] = (await query<{ n: string }>(url, "select count(*) as n from reports where status = 'counted' and observed_at >= $1 and observed_at < $2", [from, to])) as [
    { n: string },
  ];

  const reports = answers.filter((a) => a.kind.startsWith("report") || a.kind.startsWith("flood"));
  const reads = answers.filter((a) => a.kind.startsWith("page") || a.kind.startsWith("api"));
  const created = new Set(reports.filter((a) => a.status === 201).map((a) => a.key!));
  const storedKeys = new Set(stored.map((r) => r.key));
  const lost = [...created].filter((k) => !storedKeys.has(k));
  const unacknowledged = [...storedKeys].filter((k) => !created.has(k));
  const replays = reports.filter((a) => a.status === 200);
  const badReplays = replays.filter((a) => {
    const body = JSON.parse(a.body!) as { id: number; replayed: boolean };
    return !body.replayed || body.id !== firstAnswer.get(a.key!)?.id;
  });
  const floodAnswers = reports.filter((a) => a.kind.startsWith("flood"));
  const perFlooderMinute = new Map<string, number>();
  for (const a of floodAnswers.filter((x) => x.status === 201)) {
    const minute = (JSON.parse(a.body!) as { receivedAt: string }).receivedAt.slice(0, 16);
    const k = `${firstAnswer.get(a.key!)!.address} ${minute}`;
    perFlooderMinute.set(k, (perFlooderMinute.get(k) ?? 0) + 1);
  }
  const worstFlooderMinute = Math.max(0, ...perFlooderMinute.values());

  console.log(`\n${target.name}, ${MINUTES} min (${seconds.toFixed(0)} s), production build, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the end\n`);
  console.log(`throughput: ${(reports.length / seconds).toFixed(1)} reports/s (${(created.size / seconds).toFixed(1)} stored/s), ${(reads.length / seconds).toFixed(1)} reads/s`);
  console.log(`reports: ${formatCounts(byStatus(reports))}; reads: ${formatCounts(byStatus(reads))}\n`);
  for (const line of latencyTable(answers.filter((a) => a.kind !== "warm-up" && a.kind !== "check"), seconds)) console.log(line);
  const statuses = new Map<string, number>();
  for (const r of stored) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  console.log(`\nstored in the run: ${stored.length} (${formatCounts(statuses)}); distinct clientReportIds answered 201: ${created.size}`);
  console.log(`counted total: API ${apiCounted}, table ${tableCounted}\n`);

  const v = new Verdict();
  const unexpected = reports.filter((a) => ![200, 201, 429].includes(a.status)).concat(reads.filter((a) => a.status !== 200));
  v.check(unexpected.length === 0, `every answer expected: reports 201/200/429, reads 200 (${unexpected.length} others: ${formatCounts(byStatus(unexpected))})`);
  const noRetry = reports.filter((a) => a.status === 429 && !(Number(a.retryAfter) > 0));
  v.check(noRetry.length === 0, `every 429 has Retry-After (${noRetry.length} without)`);
  v.check(reports.some((a) => a.status === 429), "the flooders met the rate limit (429s occurred)");
  v.check(stored.length === created.size, `stored reports (${stored.length}) = distinct clientReportIds answered 201 (${created.size})`);
  v.check(lost.length === 0, `no report answered 201 is missing (${lost.length} missing${lost.length ? `: ${lost.slice(0, 3).join(", ")}…` : ""})`);
  v.check(unacknowledged.length === 0, `nothing stored that was not answered 201 (${unacknowledged.length} such${unacknowledged.length ? `: ${unacknowledged.slice(0, 3).join(", ")}…` : ""})`);
  v.check(replays.length > 0 && badReplays.length === 0, `replays answered 200 with the first answer's id (${replays.length} replays, ${badReplays.length} wrong)`);
  v.check(worstFlooderMinute <= PER_MINUTE, `no flooder got more than ${PER_MINUTE} through in a clock minute (most: ${worstFlooderMinute})`);
  v.check(apiCounted === Number(tableCounted), `counted total from the API (${apiCounted}) = counted reports in the table (${tableCounted})`);
  return v.finish();
}

async function soakTarget(): Promise<Target> {
  if (process.env.DATABASE_URL) return existingPostgresTarget(process.env.DATABASE_URL);
  const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const target = await postgresTarget(server);
  if (!target) throw new Error(`bench:soak needs PostgreSQL: none at ${server}. Set BENCH_DATABASE_URL (a server where it may create a database) or DATABASE_URL (a database to use).`);
  return target;
}

// The run, plus start-up and the build if the sources changed.
runScript(main, (MINUTES * 60 + 15 * 60) * 1000);

import http from "node:http";
import { randomUUID } from "node:crypto";

// Shared by the benchmarks and the system tests (bench:soak, test:faults,
// test:cluster): a small HTTP client that records every answer — status,
// Retry-After, time taken, the report's clientReportId — so a script can
// account for each acknowledged report afterwards, and the report bodies and
// client addresses of a crowd.

export type Answer = {
  kind: string;
  /** 0 when no answer came: refused, reset or timed out (see `error`). */
  status: number;
  ms: number;
  sentAt: number;
  doneAt: number;
  retryAfter?: string;
  /** The report's clientReportId, for reports. */
  key?: string;
  error?: string;
  body?: string;
};

// Keep-alive connections, as a browser or a proxy in front would use; one
// pool per local address a client sends from (127.0.0.0/8 on Linux: many
// clients as a proxy in front sees them).
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const agents = new Map<string, http.Agent>();
const agentFor = (localAddress?: string) => {
  if (!localAddress) return agent;
  let a = agents.get(localAddress);
  if (!a) agents.set(localAddress, (a = new http.Agent({ keepAlive: true, maxSockets: 8, localAddress })));
  return a;
};

/** One request; never throws: a failure to get an answer is status 0. */
export function send(
  url: string,
  init: { kind: string; method?: string; headers?: Record<string, string>; body?: string; key?: string; timeoutMs?: number; localAddress?: string },
): Promise<Answer> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (a: Omit<Answer, "kind" | "ms" | "sentAt" | "doneAt" | "key">) => {
      if (settled) return;
      settled = true;
      const doneAt = Date.now();
      resolve({ kind: init.kind, key: init.key, sentAt, doneAt, ms: doneAt - sentAt, ...a });
    };
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers, agent: agentFor(init.localAddress) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const retryAfter = res.headers["retry-after"];
        finish({ status: res.statusCode ?? 0, retryAfter: typeof retryAfter === "string" ? retryAfter : undefined, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (e) => finish({ status: 0, error: e.message }));
    });
    req.setTimeout(init.timeoutMs ?? 30_000, () => req.destroy(new Error(`no answer in ${init.timeoutMs ?? 30_000} ms`)));
    req.on("error", (e: NodeJS.ErrnoException) => finish({ status: 0, error: e.code ?? e.message }));
    req.end(init.body);
  });
}

/** POST /api/v1/reports from one client address, with a clientReportId. */
export function sendReport(baseUrl: string, body: ReportBody, address: string, kind = "report", timeoutMs?: number): Promise<Answer> {
  return send(`${baseUrl}/api/v1/reports`, {
    kind,
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify(body),
    key: body.clientReportId,
    timeoutMs,
  });
}

/** Runs the jobs `width` at a time; their answers in the jobs' order. */
export async function inParallel(jobs: (() => Promise<Answer>)[], width: number): Promise<Answer[]> {
  const answers: Answer[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        answers[i] = await jobs[i]!();
      }
    }),
  );
  return answers;
}

/** Runs `count` loops of `step` until `more()` says stop; resolves when every loop has ended. */
export async function loops(count: number, more: () => boolean, step: (loop: number) => Promise<unknown>): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      while (more()) await step(i);
    }),
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A seeded generator (mulberry32): the same seed, the same mix of reports and reads. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AREAS = ["karachi-south", "karachi-east", "lahore", "islamabad", "rawalpindi", "peshawar", "quetta", "faisalabad"];
const ISPS = ["zong", "jazz", "telenor", "ufone", "ptcl", "nayatel"];
const SERVICES = ["whatsapp", "youtube", "facebook", "instagram", "vpn", "internet"];
const PROBLEMS = ["media_fails", "slow", "no_connection", "vpn_blocked"];

export type ReportBody = {
  area: string;
  isp: string;
  connection: "mobile" | "fixed";
  service: string;
  problem: string;
  clientReportId: string;
  observedAt?: string;
};

/** A plausible report with a fresh clientReportId; `random` picks the fields. */
export function randomReport(random: () => number = Math.random, fields: Partial<ReportBody> = {}): ReportBody {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  return {
    area: pick(AREAS),
    isp: pick(ISPS),
    connection: random() < 0.7 ? "mobile" : "fixed",
    service: pick(SERVICES),
    problem: pick(PROBLEMS),
    clientReportId: randomUUID(),
    ...fields,
  };
}

/** The n-th of a crowd's addresses (10.0.0.0/8): one per reporter, as X-Forwarded-For behind TRUST_PROXY=1. */
export const clientAddress = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Answers by status code, e.g. `201: 1200, 429: 40`; `no answer` for status 0. */
export function byStatus(answers: readonly Answer[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const k = a.status === 0 ? `no answer (${a.error ?? "?"})` : String(a.status);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

export const formatCounts = (m: Map<string, number>) => [...m].map(([k, n]) => `${k}: ${n}`).join(", ") || "none";

/** A Markdown table of answers per kind: count, codes, p50, p99, longest. */
export function latencyTable(answers: readonly Answer[], seconds: number): string[] {
  const kinds = [...new Set(answers.map((a) => a.kind))];
  const lines = ["| kind | answers | per s | status codes | p50 ms | p99 ms | max ms |", "| --- | ---: | ---: | --- | ---: | ---: | ---: |"];
  for (const kind of kinds) {
    const of = answers.filter((a) => a.kind === kind);
    const ms = of.map((a) => a.ms).sort((a, b) => a - b);
    lines.push(
      `| ${kind} | ${of.length} | ${(of.length / seconds).toFixed(1)} | ${formatCounts(byStatus(of))} | ${percentile(ms, 50)} | ${percentile(ms, 99)} | ${ms[ms.length - 1]} |`,
    );
  }
  return lines;
}

/** `--name value` from the command line, else the fallback. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

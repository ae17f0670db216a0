import { createHash, type Hash } from "node:crypto";

// How an hour's seal is computed (the same in the seal job and in verify):
//
//   content = SHA-256 of the hour's lines (lib/seals/canonical.ts), each
//             followed by "\n": its reports in order of (received_at, id),
//             then its audit entries in order of (at, id)
//   sha256  = SHA-256 of "disruption-watch seal v1\n<hour>\n<reports>\n
//             <audit entries>\n<content>\n<prev>\n"
//
// where <hour> is the hour's start in ISO 8601 UTC and <prev> the previous
// hour's sha256 (64 zeros for the first seal). The content hash of each hour
// can be computed on its own, in one pass over many hours; only the chain
// runs in order.

export const HOUR_MS = 3600_000;
export const GENESIS = "0".repeat(64);

export type Seal = { hour: string; reports: number; auditEntries: number; content: string; sha256: string; prev: string };

export function sealHash(s: Omit<Seal, "sha256">): string {
  return createHash("sha256")
    .update(`disruption-watch seal v1\n${s.hour}\n${s.reports}\n${s.auditEntries}\n${s.content}\n${s.prev}\n`, "utf8")
    .digest("hex");
}

/** The running content hash of one hour. Reports first, then audit entries. */
export class HourContent {
  private readonly hash: Hash = createHash("sha256");
  reports = 0;
  auditEntries = 0;

  addReport(line: string) {
    if (this.auditEntries > 0) throw new Error("seal content: reports come before audit entries");
    this.hash.update(line + "\n", "utf8");
    this.reports++;
  }

  addAudit(line: string) {
    this.hash.update(line + "\n", "utf8");
    this.auditEntries++;
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

export const floorToHour = (t: Date | string) => new Date(Math.floor(new Date(t).getTime() / HOUR_MS) * HOUR_MS);

/** Seals the given hours in order on top of `prev`, from their content hashes. */
export function chain(hours: { hour: Date; reports: number; auditEntries: number; content: string }[], prev: string): Seal[] {
  const out: Seal[] = [];
  for (const h of hours) {
    const base = { hour: h.hour.toISOString(), reports: h.reports, auditEntries: h.auditEntries, content: h.content, prev };
    const seal = { ...base, sha256: sealHash(base) };
    out.push(seal);
    prev = seal.sha256;
  }
  return out;
}

export type SealMismatch = { hour: string; reason: string };

/**
 * Compares recomputed seals with published ones, hour by hour in order, and
 * names the first hour that does not match (or undefined when all do).
 */
export function firstMismatch(published: readonly Seal[], recomputed: ReadonlyMap<string, Omit<Seal, "sha256" | "prev">>): SealMismatch | undefined {
  let prev: string | undefined;
  for (const seal of published) {
    if (prev !== undefined && seal.prev !== prev) return { hour: seal.hour, reason: "its prev is not the sha256 of the seal before it: the chain is broken" };
    const own = sealHash({ hour: seal.hour, reports: seal.reports, auditEntries: seal.auditEntries, content: seal.content, prev: seal.prev });
    if (own !== seal.sha256) return { hour: seal.hour, reason: "its sha256 does not match its own fields" };
    const data = recomputed.get(seal.hour) ?? { hour: seal.hour, reports: 0, auditEntries: 0, content: EMPTY_CONTENT };
    if (data.reports !== seal.reports) return { hour: seal.hour, reason: `the seal counts ${seal.reports} reports, the data holds ${data.reports}` };
    if (data.auditEntries !== seal.auditEntries) {
      return { hour: seal.hour, reason: `the seal counts ${seal.auditEntries} audit entries, the data holds ${data.auditEntries}` };
    }
    if (data.content !== seal.content) return { hour: seal.hour, reason: "the reports or audit entries differ from what was sealed" };
    prev = seal.sha256;
  }
  return undefined;
}

export const EMPTY_CONTENT = createHash("sha256").digest("hex");

import { createHash, type Hash } from "node:crypto";

// How an hour's seal is computed (the same in the seal job and in verify):
//
//   content = SHA-256 of the hour's lines (lib/seals/canonical.ts), each
//             followed by "\n": its reports in order of (received_at, id),
//             then its audit entries in order of (at, id), then its ISP
//             statements' versions in order of (posted_at, id)
//   sha256  = version 2 (every seal made since statements exist):
//             SHA-256 of "disruption-watch seal v2\n<hour>\n<reports>\n
//             <audit entries>\n<statements>\n<content>\n<prev>\n"
//             version 1 (the seals made before): SHA-256 of
//             "disruption-watch seal v1\n<hour>\n<reports>\n<audit entries>\n
//             <content>\n<prev>\n"
//
// where <hour> is the hour's start in ISO 8601 UTC and <prev> the previous
// hour's sha256 (64 zeros for the first seal). A seal names its version, and
// a seal once made is never made again: hours sealed as version 1 keep their
// seal and verify as they always did (they hold no statements: there were
// none). The content hash of each hour can be computed on its own, in one
// pass over many hours; only the chain runs in order.

export const HOUR_MS = 3600_000;
export const GENESIS = "0".repeat(64);
export const SEAL_VERSIONS = [1, 2] as const;
export type SealVersion = (typeof SEAL_VERSIONS)[number];
/** The version the seal job makes now. */
export const SEAL_VERSION: SealVersion = 2;

export type Seal = {
  hour: string;
  version: SealVersion;
  reports: number;
  auditEntries: number;
  statements: number;
  content: string;
  sha256: string;
  prev: string;
};

export function sealHash(s: Omit<Seal, "sha256">): string {
  const head =
    s.version === 1
      ? `disruption-watch seal v1\n${s.hour}\n${s.reports}\n${s.auditEntries}\n`
      : `disruption-watch seal v2\n${s.hour}\n${s.reports}\n${s.auditEntries}\n${s.statements}\n`;
  return createHash("sha256").update(`${head}${s.content}\n${s.prev}\n`, "utf8").digest("hex");
}

/**
 * A seal as published, from a file or a URL: seals published before version
 * 2 carry neither `version` nor `statements`, and are version 1 with none.
 * Any other version is passed on as it is, for firstMismatch to name.
 */
export function readSeal(raw: Omit<Seal, "version" | "statements"> & { version?: number; statements?: number }): Seal {
  return { ...raw, version: (raw.version ?? 1) as SealVersion, statements: raw.statements ?? 0 };
}

type Part = "reports" | "audit entries" | "statements";
const ORDER: Part[] = ["reports", "audit entries", "statements"];

/** The running content hash of one hour. Reports first, then audit entries, then statements. */
export class HourContent {
  private readonly hash: Hash = createHash("sha256");
  private part = 0;
  reports = 0;
  auditEntries = 0;
  statements = 0;

  addReport(line: string) {
    this.add(0, line);
    this.reports++;
  }

  addAudit(line: string) {
    this.add(1, line);
    this.auditEntries++;
  }

  addStatement(line: string) {
    this.add(2, line);
    this.statements++;
  }

  private add(part: number, line: string) {
    if (part < this.part) throw new Error(`seal content: ${ORDER[part]} come before ${ORDER[this.part]}`);
    this.part = part;
    this.hash.update(line + "\n", "utf8");
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

export const floorToHour = (t: Date | string) => new Date(Math.floor(new Date(t).getTime() / HOUR_MS) * HOUR_MS);

export type HourCount = { reports: number; auditEntries: number; statements: number; content: string };

/** Seals the given hours in order on top of `prev`, from their content hashes. */
export function chain(hours: (HourCount & { hour: Date })[], prev: string, version: SealVersion = SEAL_VERSION): Seal[] {
  const out: Seal[] = [];
  for (const h of hours) {
    const base = { hour: h.hour.toISOString(), version, reports: h.reports, auditEntries: h.auditEntries, statements: h.statements, content: h.content, prev };
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
export function firstMismatch(published: readonly Seal[], recomputed: ReadonlyMap<string, HourCount>): SealMismatch | undefined {
  let prev: string | undefined;
  for (const seal of published) {
    if (!(SEAL_VERSIONS as readonly number[]).includes(seal.version)) return { hour: seal.hour, reason: `its version ${String(seal.version)} is not one this verifier knows (1 or 2)` };
    if (prev !== undefined && seal.prev !== prev) return { hour: seal.hour, reason: "its prev is not the sha256 of the seal before it: the chain is broken" };
    if (sealHash(seal) !== seal.sha256) return { hour: seal.hour, reason: "its sha256 does not match its own fields" };
    const data = recomputed.get(seal.hour) ?? { reports: 0, auditEntries: 0, statements: 0, content: EMPTY_CONTENT };
    if (data.reports !== seal.reports) return { hour: seal.hour, reason: `the seal counts ${seal.reports} reports, the data holds ${data.reports}` };
    if (data.auditEntries !== seal.auditEntries) {
      return { hour: seal.hour, reason: `the seal counts ${seal.auditEntries} audit entries, the data holds ${data.auditEntries}` };
    }
    // A version 1 seal counts no statements (it has no place for them): any in its hour came later.
    const sealedStatements = seal.version === 1 ? 0 : seal.statements;
    if (data.statements !== sealedStatements) {
      return { hour: seal.hour, reason: `the seal (version ${seal.version}) counts ${sealedStatements} statements, the data holds ${data.statements}` };
    }
    if (data.content !== seal.content) return { hour: seal.hour, reason: "the reports, audit entries or statements differ from what was sealed" };
    prev = seal.sha256;
  }
  return undefined;
}

export const EMPTY_CONTENT = createHash("sha256").digest("hex");

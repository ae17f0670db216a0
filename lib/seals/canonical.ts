import { createHash } from "node:crypto";
import type { Connection, Problem, ReportSource, ReportStatus } from "@/lib/reports/vocabulary";

// The canonical form of what an hourly seal covers: one line per report
// received in the hour, then one per audit entry made in it, then (seal v2)
// one per version of an ISP's statement posted in it. A line is a JSON array
// with a fixed order of fields, so the seal job (from the database) and
// `npm run verify` (from an export) build byte-identical lines.
//
// Never sealed: the client key (a secret per day, destroyed after 48 h) and
// the raw text of a comment or complaint number — those are sealed as a
// commitment, SHA-256 over a per-report random salt and the text. A published
// comment can then be checked against a seal made months earlier, and an
// unpublished one cannot be guessed from it ("slow", "no signal"…).

export const SEALED_STATUSES = ["counted", "duplicate", "rate_limited"] as const;
export type SealedStatus = (typeof SEALED_STATUSES)[number];

/**
 * The status as decided at ingest. Moderation voids a counted report by
 * adding an audit entry and setting `voided`; the seal keeps "counted" (the
 * audit entry, sealed in its own hour, records the change), so voiding never
 * breaks a seal. Only counted reports can be voided: the others are not counted.
 */
export function sealedStatus(status: ReportStatus): SealedStatus {
  return status === "voided" ? "counted" : status;
}

export function commitment(kind: "comment" | "complaint_ref", salt: string, text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return createHash("sha256").update(`disruption-watch ${kind} v1\n${salt}\n${text}`, "utf8").digest("hex");
}

/** Every field of a report a seal covers, as the export publishes them. */
export type SealedReport = {
  id: number;
  receivedAt: string;
  observedAt: string;
  area: string;
  isp: string;
  service: string;
  connection: Connection;
  problem: Problem;
  cellLat: number | null;
  cellLon: number | null;
  speedKbps: number | null;
  viaVpn: boolean | null;
  source: ReportSource;
  status: SealedStatus;
  commentSha256: string | null;
  complaintRefSha256: string | null;
};

export type SealedAuditEntry = {
  id: number;
  at: string;
  actor: string;
  action: string;
  reportId: number | null;
  reason: string | null;
  details: unknown;
};

export function reportLine(r: SealedReport): string {
  return JSON.stringify([
    "report", r.id, r.receivedAt, r.observedAt, r.area, r.isp, r.service, r.connection, r.problem,
    r.cellLat, r.cellLon, r.speedKbps, r.viaVpn, r.source, r.status, r.commentSha256, r.complaintRefSha256,
  ]);
}

export function auditLine(a: SealedAuditEntry): string {
  return JSON.stringify(["audit", a.id, a.at, a.actor, a.action, a.reportId, a.reason, sortKeys(a.details ?? null)]);
}

// jsonb keeps its own key order, JavaScript keeps insertion order: sort, so
// the same details always give the same line.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A report as stored: the columns a seal reads (db/seals/report-pages.ts). */
export type StoredReport = Omit<SealedReport, "receivedAt" | "observedAt" | "status" | "commentSha256" | "complaintRefSha256"> & {
  receivedAt: Date;
  observedAt: Date;
  status: ReportStatus;
  comment: string | null;
  complaintRef: string | null;
  sealSalt: string;
};

export function toSealedReport(r: StoredReport): SealedReport {
  return {
    id: r.id,
    receivedAt: r.receivedAt.toISOString(),
    observedAt: r.observedAt.toISOString(),
    area: r.area,
    isp: r.isp,
    service: r.service,
    connection: r.connection,
    problem: r.problem,
    cellLat: r.cellLat,
    cellLon: r.cellLon,
    speedKbps: r.speedKbps,
    viaVpn: r.viaVpn,
    source: r.source,
    status: sealedStatus(r.status),
    commentSha256: commitment("comment", r.sealSalt, r.comment),
    complaintRefSha256: commitment("complaint_ref", r.sealSalt, r.complaintRef),
  };
}

/**
 * Every column of a statement's version row, as sealed (seal v2). The text
 * and the cause are sealed as their plain SHA-256 (no salt: they were
 * published when posted, so anyone can hash the text on the page and find it
 * in the seal). A digest rather than the words themselves because a
 * moderator may hide a statement later: the sealed record then withholds its
 * words, yet its hour still verifies from the digest the export keeps.
 */
export type SealedStatement = {
  id: number;
  statementId: number;
  version: number;
  incidentId: number;
  isp: string;
  status: string;
  lang: string;
  textSha256: string;
  causeSha256: string | null;
  restoredAt: string | null;
  postedAt: string;
  postedBy: number;
};

export function statementLine(s: SealedStatement): string {
  return JSON.stringify([
    "statement", s.id, s.statementId, s.version, s.incidentId, s.isp, s.status, s.lang, s.textSha256, s.causeSha256, s.restoredAt, s.postedAt, s.postedBy,
  ]);
}

/** The SHA-256 of a text as UTF-8, in hex: what `printf %s "$text" | sha256sum` prints. */
export const textSha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** A statement's version row as stored: the columns a seal reads (db/seals/statement-pages.ts). */
export type StoredStatement = Omit<SealedStatement, "textSha256" | "causeSha256" | "restoredAt" | "postedAt"> & {
  text: string;
  cause: string | null;
  restoredAt: Date | null;
  postedAt: Date;
};

export function toSealedStatement(r: StoredStatement): SealedStatement {
  return {
    id: r.id,
    statementId: r.statementId,
    version: r.version,
    incidentId: r.incidentId,
    isp: r.isp,
    status: r.status,
    lang: r.lang,
    textSha256: textSha256(r.text),
    causeSha256: r.cause === null ? null : textSha256(r.cause),
    restoredAt: r.restoredAt?.toISOString() ?? null,
    postedAt: r.postedAt.toISOString(),
    postedBy: r.postedBy,
  };
}

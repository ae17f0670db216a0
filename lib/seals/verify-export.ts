import fs from "node:fs";
import readline from "node:readline";
import { auditLine, reportLine, statementLine, textSha256, type SealedAuditEntry, type SealedReport, type SealedStatement } from "@/lib/seals/canonical";
import { HourContent, firstMismatch, floorToHour, readSeal, type Seal, type SealMismatch } from "@/lib/seals/seal-hash";

// Recomputes the seals of a sealed-record export (GET /api/v1/export?format=json
// &include=all) from its reports, audit entries and ISP statements, line by
// line, so a month of reports never sits in memory. Optionally compares with
// seals archived elsewhere: the export's own seals come from the same server
// as its data.
//
// A statement is sealed by the digests of its text and cause, and the export
// carries both the digests and (unless a moderator hid it) the words: the
// words are checked against the digests, so a statement reworded in the file
// names its hour like any other change. A hidden statement's words are
// withheld; its hour verifies from the digests all the same.

export type ExportCheck =
  | { ok: true; hours: number; reports: number; auditEntries: number; statements: number; first?: string; last?: string }
  | { ok: false; mismatch: SealMismatch; hours: number };

/** A statement's version as the sealed record publishes it: the sealed fields, and its words unless hidden. */
export type ExportedStatement = SealedStatement & { text: string | null; cause: string | null; hidden?: boolean };

type Parsed = {
  include?: string;
  reports: number;
  auditEntries: number;
  statements: number;
  seals: Seal[];
  hours: Map<string, HourContent>;
  /** The first statement whose words do not match the digest sealed for them. */
  reworded?: SealMismatch;
};

export async function verifyExportFile(file: string, archived?: readonly Seal[]): Promise<ExportCheck> {
  const parsed = await readExport(file);
  if (parsed.include !== "all") {
    throw new Error("this export holds only the counted reports; export the sealed record (format=json&include=all) to verify seals");
  }
  const recomputed = new Map(
    [...parsed.hours].map(([hour, h]) => [hour, { reports: h.reports, auditEntries: h.auditEntries, statements: h.statements, content: h.digest() }]),
  );
  const sealedHours = new Set(parsed.seals.map((s) => s.hour));
  for (const hour of recomputed.keys()) {
    if (!sealedHours.has(hour)) {
      return { ok: false, hours: parsed.seals.length, mismatch: { hour, reason: "the export holds reports, audit entries or statements of this hour but no seal for it" } };
    }
  }
  const mismatch = earliest(firstMismatch(parsed.seals, recomputed), parsed.reworded) ?? (archived ? againstArchive(parsed.seals, archived.map(readSeal)) : undefined);
  if (mismatch) return { ok: false, mismatch, hours: parsed.seals.length };
  return {
    ok: true,
    hours: parsed.seals.length,
    reports: parsed.reports,
    auditEntries: parsed.auditEntries,
    statements: parsed.statements,
    first: parsed.seals[0]?.hour,
    last: parsed.seals.at(-1)?.hour,
  };
}

const earliest = (a: SealMismatch | undefined, b: SealMismatch | undefined) => (a && b ? (b.hour < a.hour ? b : a) : (a ?? b));

/** The first hour whose seal differs from the archived copy of it. */
function againstArchive(seals: readonly Seal[], archived: readonly Seal[]): SealMismatch | undefined {
  const byHour = new Map(archived.map((s) => [new Date(s.hour).toISOString(), s.sha256]));
  for (const s of seals) {
    const kept = byHour.get(s.hour);
    if (kept !== undefined && kept !== s.sha256) return { hour: s.hour, reason: "this seal differs from the archived copy" };
  }
  return undefined;
}

type Adders = { report: (r: SealedReport) => void; audit: (a: SealedAuditEntry) => void; statement: (s: ExportedStatement) => void };

function adders(out: Parsed): Adders {
  const hour = (t: string) => {
    const key = floorToHour(t).toISOString();
    let h = out.hours.get(key);
    if (!h) out.hours.set(key, (h = new HourContent()));
    return h;
  };
  return {
    report: (r) => {
      hour(r.receivedAt).addReport(reportLine(r));
      out.reports++;
    },
    audit: (a) => {
      hour(a.at).addAudit(auditLine(a));
      out.auditEntries++;
    },
    statement: (s) => {
      const key = floorToHour(s.postedAt).toISOString();
      const words = (s.text !== null && textSha256(s.text) !== s.textSha256) || (s.cause !== null && s.cause !== undefined && textSha256(s.cause) !== s.causeSha256);
      if (words && (!out.reworded || key < out.reworded.hour)) {
        out.reworded = { hour: key, reason: `the words of statement ${s.statementId} (version ${s.version}) do not match the digest sealed for them` };
      }
      hour(s.postedAt).addStatement(statementLine(s));
      out.statements++;
    },
  };
}

const SECTIONS = ["reports", "auditEntries", "statements", "seals"] as const;
type Section = (typeof SECTIONS)[number];

async function readExport(file: string): Promise<Parsed> {
  const out: Parsed = { reports: 0, auditEntries: 0, statements: 0, seals: [], hours: new Map() };
  const add = adders(out);
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let section: Section | undefined;
  let first = true;
  for await (const raw of lines) {
    const line = raw.trim();
    if (first) {
      first = false;
      // Not laid out a record a line (e.g. re-indented): parse it whole.
      if (!line.startsWith('{"export":')) {
        lines.close();
        return readWhole(file, out, add);
      }
      out.include = (JSON.parse(line.slice('{"export":'.length, -1)) as { include?: string }).include;
      continue;
    }
    const opened = SECTIONS.find((s) => line === `"${s}":[`);
    if (opened) {
      section = opened;
      continue;
    }
    if (line.startsWith("]")) {
      section = undefined;
      continue;
    }
    if (!section || line === "") continue;
    const record: unknown = JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line);
    if (section === "reports") add.report(record as SealedReport);
    else if (section === "auditEntries") add.audit(record as SealedAuditEntry);
    else if (section === "statements") add.statement(record as ExportedStatement);
    else out.seals.push(readSeal(record as Seal));
  }
  return out;
}

async function readWhole(file: string, out: Parsed, add: Adders): Promise<Parsed> {
  const doc = JSON.parse(await fs.promises.readFile(file, "utf8")) as {
    export?: { include?: string };
    reports?: SealedReport[];
    auditEntries?: SealedAuditEntry[];
    statements?: ExportedStatement[];
    seals?: Seal[];
  };
  out.include = doc.export?.include;
  for (const r of doc.reports ?? []) add.report(r);
  for (const a of doc.auditEntries ?? []) add.audit(a);
  for (const s of doc.statements ?? []) add.statement(s);
  out.seals = (doc.seals ?? []).map(readSeal);
  return out;
}

import fs from "node:fs";
import readline from "node:readline";
import { auditLine, reportLine, type SealedAuditEntry, type SealedReport } from "@/lib/seals/canonical";
import { HourContent, firstMismatch, floorToHour, type Seal, type SealMismatch } from "@/lib/seals/seal-hash";

// Recomputes the seals of a sealed-record export (GET /api/v1/export?format=json
// &include=all) from its reports and audit entries, line by line, so a month
// of reports never sits in memory. Optionally compares with seals archived
// elsewhere: the export's own seals come from the same server as its data.

export type ExportCheck =
  | { ok: true; hours: number; reports: number; auditEntries: number; first?: string; last?: string }
  | { ok: false; mismatch: SealMismatch; hours: number };

type Parsed = { include?: string; reports: number; auditEntries: number; seals: Seal[]; hours: Map<string, HourContent> };

export async function verifyExportFile(file: string, archived?: readonly Seal[]): Promise<ExportCheck> {
  const parsed = await readExport(file);
  if (parsed.include !== "all") {
    throw new Error("this export holds only the counted reports; export the sealed record (format=json&include=all) to verify seals");
  }
  const recomputed = new Map(
    [...parsed.hours].map(([hour, h]) => [hour, { hour, reports: h.reports, auditEntries: h.auditEntries, content: h.digest() }]),
  );
  const sealedHours = new Set(parsed.seals.map((s) => s.hour));
  for (const hour of recomputed.keys()) {
    if (!sealedHours.has(hour)) return { ok: false, hours: parsed.seals.length, mismatch: { hour, reason: "the export holds reports or audit entries of this hour but no seal for it" } };
  }
  const mismatch = firstMismatch(parsed.seals, recomputed) ?? (archived ? againstArchive(parsed.seals, archived) : undefined);
  if (mismatch) return { ok: false, mismatch, hours: parsed.seals.length };
  return { ok: true, hours: parsed.seals.length, reports: parsed.reports, auditEntries: parsed.auditEntries, first: parsed.seals[0]?.hour, last: parsed.seals.at(-1)?.hour };
}

/** The first hour whose seal differs from the archived copy of it. */
function againstArchive(seals: readonly Seal[], archived: readonly Seal[]): SealMismatch | undefined {
  const byHour = new Map(archived.map((s) => [new Date(s.hour).toISOString(), s.sha256]));
  for (const s of seals) {
    const kept = byHour.get(s.hour);
    if (kept !== undefined && kept !== s.sha256) return { hour: s.hour, reason: "this seal differs from the archived copy" };
  }
  return undefined;
}

async function readExport(file: string): Promise<Parsed> {
  const out: Parsed = { reports: 0, auditEntries: 0, seals: [], hours: new Map() };
  const hour = (t: string) => {
    const key = floorToHour(t).toISOString();
    let h = out.hours.get(key);
    if (!h) out.hours.set(key, (h = new HourContent()));
    return h;
  };
  const addReport = (r: SealedReport) => {
    hour(r.receivedAt).addReport(reportLine(r));
    out.reports++;
  };
  const addAudit = (a: SealedAuditEntry) => {
    hour(a.at).addAudit(auditLine(a));
    out.auditEntries++;
  };

  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let section: "reports" | "auditEntries" | "seals" | undefined;
  let first = true;
  for await (const raw of lines) {
    const line = raw.trim();
    if (first) {
      first = false;
      // Not laid out a record a line (e.g. re-indented): parse it whole.
      if (!line.startsWith('{"export":')) {
        lines.close();
        return readWhole(file, out, addReport, addAudit);
      }
      out.include = (JSON.parse(line.slice('{"export":'.length, -1)) as { include?: string }).include;
      continue;
    }
    if (line === '"reports":[' || line === '"auditEntries":[' || line === '"seals":[') {
      section = line.slice(1, line.indexOf('"', 1)) as typeof section;
      continue;
    }
    if (line.startsWith("]")) {
      section = undefined;
      continue;
    }
    if (!section || line === "") continue;
    const record: unknown = JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line);
    if (section === "reports") addReport(record as SealedReport);
    else if (section === "auditEntries") addAudit(record as SealedAuditEntry);
    else out.seals.push(record as Seal);
  }
  return out;
}

async function readWhole(file: string, out: Parsed, addReport: (r: SealedReport) => void, addAudit: (a: SealedAuditEntry) => void): Promise<Parsed> {
  const doc = JSON.parse(await fs.promises.readFile(file, "utf8")) as {
    export?: { include?: string };
    reports?: SealedReport[];
    auditEntries?: SealedAuditEntry[];
    seals?: Seal[];
  };
  out.include = doc.export?.include;
  for (const r of doc.reports ?? []) addReport(r);
  for (const a of doc.auditEntries ?? []) addAudit(a);
  out.seals = doc.seals ?? [];
  return out;
}

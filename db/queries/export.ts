import "server-only";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listSeals } from "@/db/queries/seals";
import { reports, statementHides } from "@/db/schema";
import { toSealedAudit } from "@/db/seals/hour-contents";
import { auditPages, reportPages } from "@/db/seals/report-pages";
import { statementPages } from "@/db/seals/statement-pages";
import { csvHeader, csvRow, toExportRecord } from "@/lib/export/columns";
import type { ExportQuery } from "@/lib/export/export-params";
import type { Filters } from "@/lib/filters";
import { expandAreas } from "@/lib/reference";
import { toSealedReport, toSealedStatement, type StoredStatement } from "@/lib/seals/canonical";
import type { ExportedStatement } from "@/lib/seals/verify-export";
import { HOUR_MS, floorToHour } from "@/lib/seals/seal-hash";

// The export read model: the body of GET /api/v1/export as a stream of text
// chunks (one per page of 5,000 reports), never the whole export in memory.
// The route spools it to a file while hashing it (lib/export/spool.ts) and
// only then answers, with the Digest header in front of the body.

export type ExportCounter = { rows: number };

export function exportBody(db: Db, q: ExportQuery, counter: ExportCounter): AsyncGenerator<string> {
  return q.format === "csv" ? csvBody(db, q.filters, counter) : jsonBody(db, q, counter);
}

/** The same rows every chart counts: counted reports observed in the window. */
function countedPages(db: Db, f: Filters) {
  const where: SQL[] = [eq(reports.status, "counted")];
  if (f.areas.length) where.push(inArray(reports.area, expandAreas(f.areas)));
  if (f.isps.length) where.push(inArray(reports.isp, f.isps));
  if (f.services.length) where.push(inArray(reports.service, f.services));
  if (f.connections.length) where.push(inArray(reports.connection, f.connections));
  if (f.problems.length) where.push(inArray(reports.problem, f.problems));
  return reportPages(db, { by: "observed", from: f.from, to: f.to, where: and(...where) });
}

async function* csvBody(db: Db, f: Filters, counter: ExportCounter): AsyncGenerator<string> {
  yield csvHeader();
  for await (const page of countedPages(db, f)) {
    counter.rows += page.length;
    let chunk = "";
    for (const r of page) chunk += csvRow(toExportRecord(toSealedReport(r), r.publishedComment));
    yield chunk;
  }
}

async function* jsonBody(db: Db, q: ExportQuery, counter: ExportCounter): AsyncGenerator<string> {
  const f = q.filters;
  const head = {
    format: "disruption-watch export",
    version: 1,
    include: q.include,
    from: f.from.toISOString(),
    to: f.to.toISOString(),
    filters: { area: f.areas, isp: f.isps, service: f.services, connection: f.connections, problem: f.problems },
  };
  if (q.include === "counted") {
    yield `{"export":${JSON.stringify(head)},\n"reports":[`;
    let first = true;
    for await (const page of countedPages(db, f)) {
      counter.rows += page.length;
      yield lines(page.map((r) => toExportRecord(toSealedReport(r), r.publishedComment)), first);
      first = false;
    }
    yield `\n],\n"count":${counter.rows}}\n`;
    return;
  }
  // The sealed record: whole sealed hours overlapping the window.
  const sealed = await listSeals(db, { from: floorToHour(f.from), to: f.to });
  const range = sealed.length
    ? { from: new Date(sealed[0]!.hour), to: new Date(new Date(sealed[sealed.length - 1]!.hour).getTime() + HOUR_MS) }
    : undefined;
  const sealedHead = { ...head, sealedFrom: range?.from.toISOString() ?? null, sealedTo: range?.to.toISOString() ?? null };
  yield `{"export":${JSON.stringify(sealedHead)},\n"reports":[`;
  let first = true;
  if (range) {
    for await (const page of reportPages(db, { by: "received", ...range })) {
      counter.rows += page.length;
      yield lines(page.map((r) => toExportRecord(toSealedReport(r), r.publishedComment)), first);
      first = false;
    }
  }
  yield `\n],\n"auditEntries":[`;
  first = true;
  if (range) {
    for await (const page of auditPages(db, range.from, range.to)) {
      yield lines(page.map(toSealedAudit), first);
      first = false;
    }
  }
  yield `\n],\n"statements":[`;
  first = true;
  if (range) {
    for await (const page of statementPages(db, range.from, range.to)) {
      yield lines(await exportedStatements(db, page), first);
      first = false;
    }
  }
  yield `\n],\n"seals":[`;
  yield lines(sealed, true);
  yield `\n],\n"count":${counter.rows}}\n`;
}

/**
 * ISP statements as the sealed record publishes them: every sealed field,
 * and the words, which were public when posted, unless a moderator has hidden
 * the statement since. Then only the digests stay, which is all a verifier needs.
 */
async function exportedStatements(db: Db, page: StoredStatement[]): Promise<ExportedStatement[]> {
  const ids = [...new Set(page.map((s) => s.statementId))];
  const hidden = new Set(
    (await db.select({ id: statementHides.statementId }).from(statementHides).where(inArray(statementHides.statementId, ids))).map((h) => h.id),
  );
  return page.map((s) =>
    hidden.has(s.statementId) ? { ...toSealedStatement(s), text: null, cause: null, hidden: true } : { ...toSealedStatement(s), text: s.text, cause: s.cause },
  );
}

// One record a line, so a verifier (scripts/verify.ts) can read a month's
// export line by line instead of parsing it whole.
function lines(records: unknown[], first: boolean): string {
  if (records.length === 0) return "";
  return (first ? "\n" : ",\n") + records.map((r) => JSON.stringify(r)).join(",\n");
}

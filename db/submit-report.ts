import type { IngestResult } from "@/db/ingest";
import { runtime } from "@/db/runtime";
import { dailySecret } from "@/db/secrets";
import { clientAddress } from "@/lib/privacy/client-address";
import { clientKey } from "@/lib/privacy/client-key";
import type { ValidReport } from "@/lib/reports/report-schema";
import type { ReportSource } from "@/lib/reports/vocabulary";

/** Stores one validated report through the group commit; the form and the API both call this. */
export async function submitReport(report: ValidReport, source: ReportSource, headers: Headers): Promise<IngestResult> {
  const { handle, ingest } = runtime();
  const secret = await dailySecret(handle.db);
  return ingest.submit({ report, source, clientKey: clientKey(clientAddress(headers), secret) });
}

import type { IngestResult } from "@/db/ingest";
import { runtime } from "@/db/runtime";
import { dailySecret } from "@/db/secrets";
import { clientAddress } from "@/lib/privacy/client-address";
import { clientKey } from "@/lib/privacy/client-key";
import type { ValidReport } from "@/lib/reports/report-schema";
import type { ReportSource } from "@/lib/reports/vocabulary";
import { StorageUnavailableError } from "@/lib/errors";
import { isStorageFailure } from "@/lib/storage-failure";

/** Stores one validated report through the group commit; the form and the API both call this. */
export async function submitReport(report: ValidReport, source: ReportSource, headers: Headers): Promise<IngestResult> {
  const { handle, ingest } = runtime();
  let secret: string;
  try {
    secret = await dailySecret(handle.db);
  } catch (error) {
    // The first query of the day (or of a new process) reads the secret: with
    // the database down that is where the outage shows first.
    throw isStorageFailure(error) ? new StorageUnavailableError(error) : error;
  }
  return ingest.submit({ report, source, clientKey: clientKey(clientAddress(headers), secret) });
}

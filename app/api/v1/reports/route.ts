import { submitReport } from "@/db/submit-report";
import { errorResponse, invalidReportResponse, json } from "@/lib/http/respond";
import { readJsonBody } from "@/lib/http/read-json";
import { parseReport } from "@/lib/reports/report-schema";
import { OFFLINE_SOURCE_HEADER } from "@/lib/reports/offline-queue";

export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = parseReport(await readJsonBody(request));
    if (!parsed.ok) return invalidReportResponse(parsed.issues);
    // The device's offline queue says so, to tell late reports from live ones.
    const source = request.headers.get(OFFLINE_SOURCE_HEADER) === "offline" ? "offline" : "api";
    const result = await submitReport(parsed.report, source, request.headers);
    // A replayed clientReportId answers 200 with the report stored the first time.
    return json(
      {
        id: result.id,
        receivedAt: result.receivedAt.toISOString(),
        nearby: result.nearby,
        replayed: result.replayed,
        // Stored either way; only counted reports reach the charts (docs/privacy-and-limits.md).
        counted: result.status === "counted",
        status: result.status,
      },
      result.replayed ? 200 : 201,
    );
  } catch (error) {
    return errorResponse(error);
  }
}

import { submitReport } from "@/db/submit-report";
import { errorResponse, invalidReportResponse, json } from "@/lib/http/respond";
import { readJsonBody } from "@/lib/http/read-json";
import { parseReport } from "@/lib/reports/report-schema";

export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = parseReport(await readJsonBody(request));
    if (!parsed.ok) return invalidReportResponse(parsed.issues);
    const result = await submitReport(parsed.report, "api", request.headers);
    // A replayed clientReportId answers 200 with the report stored the first time.
    return json(
      { id: result.id, receivedAt: result.receivedAt.toISOString(), nearby: result.nearby, replayed: result.replayed },
      result.replayed ? 200 : 201,
    );
  } catch (error) {
    return errorResponse(error);
  }
}

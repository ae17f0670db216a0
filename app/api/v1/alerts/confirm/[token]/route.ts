import { confirmSubscription } from "@/db/alerts/subscriptions";
import { db } from "@/db/runtime";
import { errorResponse } from "@/lib/http/respond";

/** POST /api/v1/alerts/confirm/{token}: the confirm page's button; answers with a redirect to the subscription's page, saying how it went. */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const result = await confirmSubscription(db(), token, new Date());
    const lang = new URL(request.url).searchParams.get("lang") === "ur" ? "/ur" : "";
    return new Response(null, { status: 303, headers: { Location: `${lang}/alerts/manage?token=${encodeURIComponent(token)}&result=${result}`, "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

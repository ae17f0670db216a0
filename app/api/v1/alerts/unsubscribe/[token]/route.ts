import { unsubscribe } from "@/db/alerts/subscriptions";
import { db } from "@/db/runtime";
import { errorResponse } from "@/lib/http/respond";

/**
 * POST /api/v1/alerts/unsubscribe/{token}: one-click unsubscribe (RFC 8058:
 * a mail client POSTs List-Unsubscribe=One-Click, no cookie) answers 200;
 * the manage page's button gets a redirect back to it. GET never
 * unsubscribes (link scanners fetch it): it shows the subscription's page.
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const result = await unsubscribe(db(), token, new Date());
    const url = new URL(request.url);
    if (url.searchParams.get("from") === "page") {
      const lang = url.searchParams.get("lang") === "ur" ? "/ur" : "";
      return new Response(null, { status: 303, headers: { Location: `${lang}/alerts/manage?token=${encodeURIComponent(token)}&result=${result}`, "Cache-Control": "no-store" } });
    }
    return new Response(result === "unknown" ? "unknown subscription\n" : "unsubscribed\n", { status: result === "unknown" ? 404 : 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  return new Response(null, { status: 303, headers: { Location: `/alerts/manage?token=${encodeURIComponent(token)}`, "Cache-Control": "no-store" } });
}

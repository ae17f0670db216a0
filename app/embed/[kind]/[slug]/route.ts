import { embedCard, embedNotice } from "@/components/embed/embed-card";
import { embedFigures } from "@/components/embed/embed-figures";
import { embedText } from "@/components/embed/embed-text";
import { embedLocale, findTarget } from "@/lib/embed/embed-target";
import { env } from "@/lib/env";
import { EMBED_POLICY } from "@/lib/http/hardening-headers";
import { errorResponse } from "@/lib/http/respond";

// GET /embed/{service|isp|area}/{slug}[?lang=ur] — the card newsrooms put in
// an <iframe>. A route handler, not a page: a page would bring the React
// runtime and Next's scripts into every story that carries the card, and the
// card's policy (EMBED_POLICY) allows no script at all.

type Context = { params: Promise<{ kind: string; slug: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { kind, slug } = await params;
  const text = embedText(embedLocale(new URL(request.url).searchParams.get("lang")));
  const target = findTarget(kind, slug);
  if (!target) return answer(embedNotice(text, text.t("notFound")), 404);
  try {
    const figures = await embedFigures(target);
    return answer(embedCard({ target, figures, text, timeZone: env().DISPLAY_TIME_ZONE }), 200);
  } catch (error) {
    // The API's mapping (a storage failure is a 503 to retry, anything else a
    // logged 500), in words a reader of the story can take in.
    const failed = errorResponse(error);
    return answer(embedNotice(text, text.t("unavailable")), failed.status, failed.headers.get("retry-after"));
  }
}

/**
 * A card, framable by any site and running nothing. `no-store` here as on the
 * read API: the server entry's shared cache (server/response-cache.ts) keeps
 * a 200 for everyone for 10 s and tells the caches in front the same.
 */
function answer(document: string, status: number, retryAfter?: string | null): Response {
  return new Response(document, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": EMBED_POLICY,
      "Cache-Control": "no-store",
      ...(retryAfter ? { "Retry-After": retryAfter } : {}),
    },
  });
}

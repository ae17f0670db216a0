import { embedFigures } from "@/components/embed/embed-figures";
import { embedText } from "@/components/embed/embed-text";
import { badgeSvg } from "@/lib/embed/badge-svg";
import { embedLocale, findTarget } from "@/lib/embed/embed-target";
import { BADGE_POLICY } from "@/lib/http/hardening-headers";
import { errorResponse } from "@/lib/http/respond";
import { localName } from "@/lib/reference";

// GET /badge/{service|isp|area}/{slug}.svg[?lang=ur] — "WhatsApp | problem"
// as an image, for a README, a wiki or a page that takes <img> but no frame.
// The status is the card's (components/embed/embed-figures.ts), read through
// the same shared cache.

type Context = { params: Promise<{ kind: string; file: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { kind, file } = await params;
  const slug = /^([a-z0-9-]+)\.svg$/.exec(file)?.[1];
  const target = slug ? findTarget(kind, slug) : undefined;
  // A plain 404, not an image: a broken badge should look broken, not "unknown".
  if (!target) return new Response("Not found: no such service, provider or area\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const text = embedText(embedLocale(new URL(request.url).searchParams.get("lang")));
  try {
    const { status } = await embedFigures(target);
    const svg = badgeSvg({ label: localName(target, text.locale), message: text.t(`badge.${status.level}`), level: status.level, rtl: text.locale === "ur" });
    // no-store as on the read API: the server entry's shared cache makes a 200 public for 10 s (server/response-cache.ts).
    return new Response(svg, { headers: { "Content-Type": "image/svg+xml", "Content-Security-Policy": BADGE_POLICY, "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

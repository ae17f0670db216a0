import * as cached from "@/db/queries/cached";
import { embedText } from "@/components/embed/embed-text";
import { scopeName } from "@/lib/detection/scope-names";
import { embedPath, incidentTarget, type EmbedTarget } from "@/lib/embed/embed-target";
import { oembedAnswer, parseOembedQuery } from "@/lib/embed/oembed";
import { hostOf, parsePermalink, type Permalink } from "@/lib/embed/permalink";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { API_POLICY } from "@/lib/http/hardening-headers";
import { errorResponse, json } from "@/lib/http/respond";
import { siteOrigin } from "@/lib/http/site-origin";
import { localName } from "@/lib/reference";

// GET /oembed?url=<page>&maxwidth=&maxheight=&format=json — what WordPress
// (and every oEmbed consumer) asks when a newsroom pastes a link to a
// service, provider, area or incident page: a "rich" answer whose html is an
// <iframe> of that page's card (lib/embed/oembed.ts).

const NOT_OURS = "url: not a service, provider, area or incident page of this site";

export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseOembedQuery(new URL(request.url).searchParams);
    // PUBLIC_URL when set (the address readers share), else the one this request came to.
    const origin = env().PUBLIC_URL ?? siteOrigin(request);
    const link = parsePermalink(query.url, [hostOf(origin), hostOf(siteOrigin(request))]);
    const card = link && (await cardOf(link));
    if (!card) throw new ApiError(404, "not_found", NOT_OURS, "url");
    const text = embedText(card.locale);
    const answer = oembedAnswer({ ...query, origin, src: `${origin}${embedPath(card.target, card.locale)}`, title: card.title, providerName: text.siteName });
    // Anyone may ask from a browser too (the answer is public); it changes only if the page does.
    return json(answer, 200, { "Content-Security-Policy": API_POLICY, "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=3600" });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The card a link stands for, and its title: the page's own, or the incident's primary scope (undefined: no such incident). */
async function cardOf(link: Permalink): Promise<{ target: EmbedTarget; title: string; locale: Permalink["locale"] } | undefined> {
  const { t } = embedText(link.locale);
  if (link.kind === "page") return { target: link.target, locale: link.locale, title: t("cardTitle", { name: localName(link.target, link.locale) }) };
  const incident = await cached.incidentSummary(link.id);
  const target = incident && incidentTarget(incident.primary);
  if (!incident || !target) return undefined;
  return { target, locale: link.locale, title: t("incidentTitle", { id: link.id, name: scopeName(incident.primary, link.locale) }) };
}

import { CARD_SIZE } from "@/lib/embed/card-size";
import { ApiError } from "@/lib/errors";
import { escapeMarkup } from "@/lib/http/escape-markup";

// The oEmbed 1.0 answer (https://oembed.com, section 2.3): a "rich" type
// whose html is an <iframe> of the card. The card is live (it re-reads the
// status whenever it is shown), so the html itself never changes for a URL
// and a consumer may keep it for a day.

/** Seconds a consumer may keep the answer (the iframe's address; what it shows stays live). */
export const OEMBED_CACHE_AGE = 86_400;

export type OembedQuery = { url: string; maxwidth?: number; maxheight?: number };

/** The query of GET /oembed: a url (required), optional maxwidth and maxheight, format json (xml is 501, as the spec asks). */
export function parseOembedQuery(params: URLSearchParams): OembedQuery {
  const format = params.get("format");
  if (format && format !== "json") throw new ApiError(501, "unsupported_format", "format: only json is served", "format");
  const url = params.get("url");
  if (!url) throw new ApiError(400, "required", "url: required, the address of a service, provider, area or incident page", "url");
  return { url, maxwidth: size(params, "maxwidth"), maxheight: size(params, "maxheight") };
}

function size(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1) throw new ApiError(400, "invalid_size", `${name}: a whole number of pixels`, name);
  return Number(raw);
}

export type OembedAnswer = {
  version: "1.0";
  type: "rich";
  title: string;
  provider_name: string;
  provider_url: string;
  html: string;
  width: number;
  height: number;
  cache_age: number;
};

/**
 * The answer for a card at `src` (absolute). The iframe never exceeds the
 * consumer's maxwidth or maxheight, and shrinks with a narrow column
 * (max-width:100%; the card reflows). `frameborder` beside the style:
 * WordPress removes style attributes from embeds but keeps frameborder.
 */
export function oembedAnswer(input: { src: string; title: string; providerName: string; origin: string; maxwidth?: number; maxheight?: number }): OembedAnswer {
  const width = Math.min(CARD_SIZE.width, input.maxwidth ?? Infinity);
  const height = Math.min(CARD_SIZE.height, input.maxheight ?? Infinity);
  const html =
    `<iframe src="${escapeMarkup(input.src)}" width="${width}" height="${height}" title="${escapeMarkup(input.title)}"` +
    ` loading="lazy" style="border:0;max-width:100%" frameborder="0" scrolling="no"></iframe>`;
  return {
    version: "1.0",
    type: "rich",
    title: input.title,
    provider_name: input.providerName,
    provider_url: `${input.origin}/`,
    html,
    width,
    height,
    cache_age: OEMBED_CACHE_AGE,
  };
}

/** Where a page's discovery link (<link rel="alternate" type="application/json+oembed">) points: this route, for the page's own address. */
export const oembedHref = (origin: string, page: string) => `${origin}/oembed?${new URLSearchParams({ url: `${origin}${page}`, format: "json" })}`;

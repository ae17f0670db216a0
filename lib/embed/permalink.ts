import { embedLocale, findTarget, type EmbedLocale, type EmbedTarget } from "@/lib/embed/embed-target";

// The links a newsroom pastes into WordPress (or any oEmbed consumer): a
// service, ISP or area page, or an incident, in either language. Anything
// else — another site, another page of this one, a slug the reference lists
// do not hold — is no permalink, and the oEmbed route answers 404 for it.

export type Permalink =
  | { kind: "page"; target: EmbedTarget; locale: EmbedLocale }
  | { kind: "incident"; id: number; locale: EmbedLocale };

const PAGE = /^(?:\/(ur))?\/(service|isp|area)\/([a-z0-9-]{1,80})\/?$/;
const INCIDENT = /^(?:\/(ur))?\/incidents\/([1-9]\d{0,9})\/?$/;

/**
 * The page a URL names, when it is one of this site's: `hosts` are the
 * host names (with port) the site answers to. The scheme is not compared:
 * behind a proxy that ends TLS the app sees http while readers share https.
 */
export function parsePermalink(raw: string, hosts: readonly string[]): Permalink | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !hosts.some((h) => h.toLowerCase() === url.host)) return undefined;
  const page = PAGE.exec(url.pathname);
  if (page) {
    const target = findTarget(page[2]!, page[3]!);
    return target ? { kind: "page", target, locale: embedLocale(page[1]) } : undefined;
  }
  const incident = INCIDENT.exec(url.pathname);
  if (incident && Number(incident[2]) <= 2_147_483_647) return { kind: "incident", id: Number(incident[2]), locale: embedLocale(incident[1]) };
  return undefined;
}

/** The host (with port) of an origin such as https://example.org:8443. */
export const hostOf = (origin: string) => new URL(origin).host;

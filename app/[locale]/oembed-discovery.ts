import type { Metadata } from "next";
import { headers } from "next/headers";
import { embedLocale, pagePath, type EmbedKind } from "@/lib/embed/embed-target";
import { oembedHref } from "@/lib/embed/oembed";
import { env } from "@/lib/env";
import { headersOrigin } from "@/lib/http/site-origin";

/**
 * The oEmbed discovery link of a service, provider or area page: what lets
 * WordPress and similar systems turn a pasted link into the page's card
 * (app/oembed/route.ts). Absolute, since the consumer fetches it from
 * elsewhere: PUBLIC_URL when set, else the address this page was asked at.
 */
export async function oembedDiscovery(kind: EmbedKind, slug: string, locale: string): Promise<Metadata["alternates"]> {
  const origin = env().PUBLIC_URL ?? headersOrigin(await headers());
  return { types: { "application/json+oembed": oembedHref(origin, pagePath({ kind, slug }, embedLocale(locale))) } };
}

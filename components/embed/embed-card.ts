import { Html, html } from "@/components/lite/html";
import { EMBED_STYLE } from "@/components/embed/embed-style";
import type { EmbedFigures } from "@/components/embed/embed-figures";
import type { EmbedText } from "@/components/embed/embed-text";
import { pagePath, reportPath, type EmbedLocale, type EmbedTarget } from "@/lib/embed/embed-target";
import { sparkline } from "@/lib/embed/sparkline";
import { localName } from "@/lib/reference";

// The embedded card (/embed/service/whatsapp): a whole HTML document of a few
// kilobytes, written by hand like the light page — no script at all, so it
// may sit in any newsroom's page under a policy that allows none. Every link
// opens in the top window (target=_top): a reader who clicks leaves the
// story for the full page or the report form, not a page squeezed into the
// frame.

const CHART = { width: 240, height: 60 };
// The shape differs by level as well as the colour (components/dashboard/status-list.tsx).
const MARKS = { problem: "▲", elevated: "◆", normal: "●", unknown: "○" } as const;

/** The card for `target` with its figures. */
export function embedCard(input: { target: EmbedTarget; figures: EmbedFigures; text: EmbedText; timeZone: string }): string {
  const { target, figures, text } = input;
  const { t, locale } = text;
  const name = localName(target, locale);
  const page = pagePath(target, locale);
  const level = figures.status.level;
  const body = html`<main class="card" data-level="${level}">
<header><h1><a href="${page}" target="_top" rel="noopener">${name}</a></h1>
<span class="status status-${level}" data-testid="embed-status"><span aria-hidden="true">${MARKS[level]}</span> ${t(`level.${level}`)}</span></header>
${figuresLine(figures, text)}
${chart(figures, text)}
<footer><p class="links"><a href="${page}" target="_top" rel="noopener">${t("fullPage")}</a>
<a class="report" href="${reportPath(locale)}" target="_top" rel="noopener">${t("report")}</a></p>
<p class="muted">${t("updated", { time: updatedTime(figures.updatedAt, locale, input.timeZone) })} · ${text.siteName}</p></footer>
</main>`;
  return embedDocument(locale, `${t("cardTitle", { name })} · ${text.siteName}`, body);
}

/** A card-sized page that says one thing: no such scope, or figures unreadable just now. */
export function embedNotice(text: EmbedText, message: string): string {
  return embedDocument(text.locale, text.siteName, html`<main class="card notice"><p>${message}</p></main>`);
}

function embedDocument(locale: EmbedLocale, title: string, body: Html): string {
  return html`<!doctype html>
<html lang="${locale}" dir="${locale === "ur" ? "rtl" : "ltr"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${new Html(EMBED_STYLE)}</style></head>
<body>${body}</body></html>`.value;
}

/** "12 reports in the last hour · typical 2.5" (no typical without a baseline). */
function figuresLine(figures: EmbedFigures, { t, locale }: EmbedText): Html {
  const s = figures.status;
  const typical = s.upper === null ? null : html` <span class="muted">· ${t("typical", { expected: formatNumber(s.expected, locale) })}</span>`;
  return html`<p class="figures" data-testid="embed-figures" data-current="${s.current}"><strong>${t("lastHour", { count: s.current })}</strong>${typical}</p>`;
}

/** The last 24 hours as bars over the typical band; time runs left to right in both languages, as on the site's charts. */
function chart(figures: EmbedFigures, { t }: EmbedText): Html {
  const s = sparkline(figures.points, CHART, figures.lastPartial);
  const label = t("chart");
  return html`<figure dir="ltr"><svg viewBox="0 0 ${CHART.width} ${CHART.height}" preserveAspectRatio="none" role="img" aria-label="${label}" data-testid="embed-chart" data-max="${s.max}"><title>${label}</title>
${path("band", s.band)}${path("bars", s.bars)}${path("partial", s.partial)}${path("typical", s.typical)}</svg>
<figcaption><bdi>${t("dayAgo")}</bdi><bdi>${t("now")}</bdi></figcaption></figure>`;
}

/** A layer of the chart; none when it has nothing to draw (an empty `d` is an error in some browsers). */
const path = (layer: string, d: string) => (d ? html`<path class="${layer}" d="${d}"/>` : null);

const formatNumber = (n: number, locale: EmbedLocale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);

/**
 * "7 Dec, 14:33 GMT+5" in the display time zone: a card copied into an
 * archived story still says when it was true. A 24-hour clock and isolated
 * (U+2068…U+2069, what <bdi> does): in an Urdu line "02:41 PM GMT+5" came
 * out in pieces, its Latin runs reordered around the digits.
 */
function updatedTime(at: Date, locale: EmbedLocale, timeZone: string): string {
  const time = new Intl.DateTimeFormat(locale === "ur" ? "ur-PK" : "en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(at);
  return `\u2068${time}\u2069`;
}

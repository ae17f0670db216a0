import type { StatusLevel } from "@/lib/detection/status";
import { escapeMarkup } from "@/lib/http/escape-markup";

// A status badge in the shape people know from shields.io ("build | passing"):
// the name on grey, the status on its colour. Plain SVG 1.1 — it is shown
// through <img>, in README files and by image proxies that run nothing —
// so every size is computed here and the text is fitted with textLength.

/** Each colour carries white 11 px text at 4.5:1 or better (the site's own status colours, the amber darkened). */
export const BADGE_COLOURS: Record<StatusLevel, string> = {
  problem: "#b3261e",
  elevated: "#975a16",
  normal: "#2e7d32",
  unknown: "#5c5c5c",
};
const LABEL_COLOUR = "#555";
const HEIGHT = 20;
const PADDING = 6;

// Widths of Verdana at 11 px (what shields.io measures with), for the
// characters names and words use; anything else is estimated. The estimate
// only sets the box: textLength then fits the text to it exactly.
const WIDTHS: Record<string, number> = {
  " ": 3.9, a: 6.7, b: 6.8, c: 5.7, d: 6.8, e: 6.6, f: 3.8, g: 6.8, h: 7, i: 3, j: 3.8, k: 6.5, l: 3, m: 10.7,
  n: 7, o: 6.7, p: 6.8, q: 6.8, r: 4.7, s: 5.7, t: 4.3, u: 7, v: 6.5, w: 9, x: 6.5, y: 6.5, z: 5.7,
  "-": 4.7, ".": 3.9, ",": 3.9, "(": 5, ")": 5, "&": 7.8, "'": 3, I: 4.2, M: 8.7, W: 10.9,
};

/** Text width in pixels: Verdana for Latin, a Naskh face's average for Urdu script. */
export function textWidth(text: string): number {
  let w = 0;
  for (const c of text) {
    if (WIDTHS[c] !== undefined) w += WIDTHS[c]!;
    else if (/[A-Z]/.test(c)) w += 7.5;
    else if (/[0-9]/.test(c)) w += 7;
    else if (/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/.test(c)) w += 5.6;
    else w += 6.5;
  }
  return Math.ceil(w);
}

/**
 * The badge for `label` ("WhatsApp") and `message` ("problem"). Right to left
 * (Urdu), the label stands on the right, where a reader of Urdu starts.
 */
export function badgeSvg(input: { label: string; message: string; level: StatusLevel; rtl?: boolean }): string {
  const labelW = textWidth(input.label) + 2 * PADDING;
  const messageW = textWidth(input.message) + 2 * PADDING;
  const width = labelW + messageW;
  const [labelX, messageX] = input.rtl ? [messageW, 0] : [0, labelW];
  const title = `${input.label}: ${input.message}`;
  const font = input.rtl ? "'Noto Naskh Arabic','Noto Sans Arabic',Tahoma,Verdana,sans-serif" : "Verdana,Geneva,'DejaVu Sans',sans-serif";
  const text = (s: string, x: number, w: number) => {
    const fitted = `x="${x + w / 2}" textLength="${w - 2 * PADDING}" lengthAdjust="spacingAndGlyphs"`;
    return `<text ${fitted} y="15" fill="#010101" fill-opacity=".3">${escapeMarkup(s)}</text><text ${fitted} y="14">${escapeMarkup(s)}</text>`;
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}">`,
    `<title>${escapeMarkup(title)}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${width}" height="${HEIGHT}" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect x="${labelX}" width="${labelW}" height="${HEIGHT}" fill="${LABEL_COLOUR}"/>`,
    `<rect x="${messageX}" width="${messageW}" height="${HEIGHT}" fill="${BADGE_COLOURS[input.level]}"/><rect width="${width}" height="${HEIGHT}" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="${font}" font-size="11">`,
    text(input.label, labelX, labelW),
    text(input.message, messageX, messageW),
    `</g></svg>`,
  ].join("");
}

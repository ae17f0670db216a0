/**
 * The card's size by default, what the oEmbed answer's iframe asks for: the
 * card fits its content at this width, and at 300 px, in both languages
 * (tests/e2e/embeds.spec.ts measures it). Its own module, without imports,
 * so the end-to-end tests can read it.
 */
export const CARD_SIZE = { width: 400, height: 236 } as const;

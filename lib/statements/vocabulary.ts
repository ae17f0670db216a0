// The words of an ISP's right of reply (issue #16): what a provider may say
// about an incident on its network. Stored as text in isp_statements and
// sealed as written (lib/seals/canonical.ts), so these words are part of the
// public record: never rename one.

/** Where the provider is with the incident, in the order a fault usually goes. */
export const STATEMENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** The language the statement is written in: the page shows it in its own direction. */
export const STATEMENT_LANGS = ["en", "ur"] as const;
export type StatementLang = (typeof STATEMENT_LANGS)[number];

/** Characters, not bytes: an Urdu letter is two bytes of UTF-8 and one character. */
export const MAX_STATEMENT_TEXT = 1000;
export const MAX_STATEMENT_CAUSE = 200;
/** A restored time may be this far ahead of the server's clock (a provider's clock running fast), no further. */
export const RESTORED_SKEW_MS = 60_000;

export const MIN_HIDE_REASON = 4;
export const MAX_HIDE_REASON = 500;

/**
 * The length a person means: Unicode code points, as PostgreSQL's
 * char_length counts them. An Urdu letter with its diacritic (zer, pesh) is
 * two, as a keyboard typed two; an emoji is one, where String.length says two.
 */
export const characterCount = (text: string) => [...text].length;

/** The sentence every place that shows a statement carries (messages: Statements.notVerified). */
export const STATEMENT_NOTE_EN = "A statement is the provider's own account; Disruption Watch has not verified it.";

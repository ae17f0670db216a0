import { escapeMarkup } from "@/lib/http/escape-markup";
import { STATEMENT_NOTE_EN } from "@/lib/statements/vocabulary";
import { isEdited, type StatementThread } from "@/lib/statements/thread";
import type { StatementStatus } from "@/lib/statements/vocabulary";

// The providers' statements in an incident's Atom entry (/feed.xml, English
// like the rest of the feed): HTML for the entry's content, every word of a
// statement escaped (it is the provider's text, and the feed package puts
// content in CDATA, which escaping also keeps unbroken).

const STATUS_EN: Record<StatementStatus, string> = {
  investigating: "Investigating",
  identified: "Cause identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** When an entry last changed because of its statements: a post, an edit or a hide. */
export function statementsUpdated(statements: readonly StatementThread[]): Date | undefined {
  const times = statements.flatMap((s) => [s.latest.postedAt.getTime(), ...(s.hidden ? [s.hidden.at.getTime()] : [])]);
  return times.length ? new Date(Math.max(...times)) : undefined;
}

/** The entry's content: its summary, then each statement under its provider's name, then what a statement is. */
export function statementsFeedHtml(summary: string, statements: readonly StatementThread[], ispName: (slug: string) => string): string {
  const parts = [`<p>${escapeMarkup(summary)}</p>`, "<h3>Statements from providers</h3>"];
  for (const s of statements) {
    const name = escapeMarkup(ispName(s.isp));
    if (s.hidden) {
      parts.push(`<p><em>A statement by ${name} was hidden by moderation: ${escapeMarkup(s.hidden.reason)}</em></p>`);
      continue;
    }
    const v = s.latest;
    const head = `<strong>${name}</strong> · ${STATUS_EN[v.status]} · ${utc(v.postedAt)}${isEdited(s) ? ` · edited (version ${v.version})` : ""}`;
    const facts = [
      v.cause ? `Cause: <span lang="${v.lang}">${escapeMarkup(v.cause)}</span>` : "",
      v.restoredAt ? `Service restored: ${utc(v.restoredAt)}` : "",
    ].filter(Boolean);
    parts.push(`<p>${head}</p>`, `<blockquote lang="${v.lang}" dir="${v.lang === "ur" ? "rtl" : "ltr"}">${escapeMarkup(v.text)}</blockquote>`);
    if (facts.length) parts.push(`<p>${facts.join(" · ")}</p>`);
  }
  parts.push(`<p><em>${escapeMarkup(STATEMENT_NOTE_EN)}</em></p>`);
  return parts.join("\n");
}

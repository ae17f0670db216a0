// The words of moderation, shared by the schema, the admin pages and the
// audit log. Names for people live in messages/*.json under "admin.*".

/**
 * A comment with no review is pending: it is shown nowhere but the admin
 * queue. Published comments appear on incident pages and in exports; hidden
 * ones never do. Either can be reversed; every change is an audit entry.
 */
export const COMMENT_STATES = ["published", "hidden"] as const;
export type CommentState = (typeof COMMENT_STATES)[number];
export type CommentReview = CommentState | "pending";

/**
 * What an audit entry records. Sealed in the hour it was made and published
 * in the sealed record (GET /api/v1/export?include=all), so the words are
 * part of the public record: never rename one.
 */
export const AUDIT_ACTIONS = ["void", "publish_comment", "hide_comment", "add_account", "change_password", "disable_account", "enable_account", "hide_statement"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who acted, as the audit log (and so the public sealed record) names them:
 * the account's number, never its username. Moderators of a project like
 * this one can be at risk; the record must show that the same account did
 * these things without saying who holds it. The admin shows the username
 * beside it, to moderators only.
 */
export const actorOf = (accountId: number) => `moderator-${accountId}`;
/** Account changes made with `npm run admin` on the server itself. */
export const COMMAND_LINE_ACTOR = "command-line";

/** The account number in an actor name, or undefined for the command line. */
export function accountIdOf(actor: string): number | undefined {
  const m = /^moderator-(\d+)$/.exec(actor);
  return m ? Number(m[1]) : undefined;
}

export const MIN_VOID_REASON_LENGTH = 4;
export const MAX_VOID_REASON_LENGTH = 500;

// Why a statement was refused, by code: the server actions turn each into
// words (messages Statements.refused.*), the tests match on the code.

export type StatementRefusal =
  /** No incident with that id. */
  | "incident_not_found"
  /** The incident's scopes do not touch the account's ISP (lib/isp-desk/touches.ts). */
  | "not_your_incident"
  /** No statement with that id. */
  | "statement_not_found"
  /** The statement is another ISP's. */
  | "not_your_statement"
  /** A moderator hid it: an edit would be hidden too, so none is taken. */
  | "hidden"
  /** The ISP has MAX_STATEMENTS_PER_INCIDENT statements on the incident: edit one instead. */
  | "too_many_statements"
  /** The statement has MAX_VERSIONS versions: every one is sealed and shown for good. */
  | "too_many_versions"
  /** Edited by someone else at the same moment, again and again: try again. */
  | "conflict"
  /** The hour of the post was sealed before it could be written (a clock far behind): try again. */
  | "hour_sealed";

export class StatementRefused extends Error {
  constructor(
    readonly code: StatementRefusal,
    message: string,
  ) {
    super(message);
    this.name = "StatementRefused";
  }
}

/** Statements one ISP may post on one incident: edits say more; each is shown and sealed for good. */
export const MAX_STATEMENTS_PER_INCIDENT = 5;
/** Versions one statement may have. */
export const MAX_VERSIONS = 50;

import type { StatementLang, StatementStatus } from "@/lib/statements/vocabulary";

// A statement as it is read: all its versions (never changed, only added
// to), the latest on top, and whether a moderator hid it. Built by
// db/statements/statements-of.ts; shaped for the public here.

export type StatementVersion = {
  /** The version row's own id (sealed). */
  rowId: number;
  version: number;
  status: StatementStatus;
  text: string;
  lang: StatementLang;
  cause: string | null;
  restoredAt: Date | null;
  postedAt: Date;
  postedBy: number;
};

export type StatementThread = {
  /** The statement's id: its first version's row id. */
  id: number;
  incidentId: number;
  isp: string;
  latest: StatementVersion;
  /** Every version, oldest first; the last is `latest`. */
  history: StatementVersion[];
  hidden?: { at: Date; reason: string };
};

export const isEdited = (s: StatementThread) => s.latest.version > 1;

type PublicVersion = { version: number; status?: StatementStatus; text?: string; lang?: StatementLang; cause?: string; restoredAt?: string; postedAt: string };

/** A statement in GET /api/v1/incidents/{id} (API.md "statements"). */
export type PublicStatement = {
  id: number;
  isp: string;
  /** null when hidden: the keys stay, so a tool reading the API's fixed shape finds them. */
  status: StatementStatus | null;
  text: string | null;
  lang: StatementLang | null;
  cause?: string;
  restoredAt?: string;
  postedAt: string;
  version: number;
  hidden?: { at: string; reason: string };
  history: PublicVersion[];
};

function publicVersion(v: StatementVersion): PublicVersion {
  return {
    version: v.version,
    status: v.status,
    text: v.text,
    lang: v.lang,
    ...(v.cause !== null ? { cause: v.cause } : {}),
    ...(v.restoredAt ? { restoredAt: v.restoredAt.toISOString() } : {}),
    postedAt: v.postedAt.toISOString(),
  };
}

/**
 * The public form of a statement. A hidden one keeps who spoke and when (its
 * ISP, the times and numbers of its versions) and the moderator's reason, and
 * drops everything it said: the words, the cause, the status, the language,
 * the restored time, in every version. Who posted it (an account number) is
 * in the sealed record only.
 */
export function toPublicStatement(s: StatementThread): PublicStatement {
  if (s.hidden) {
    return {
      id: s.id,
      isp: s.isp,
      status: null,
      text: null,
      lang: null,
      postedAt: s.latest.postedAt.toISOString(),
      version: s.latest.version,
      hidden: { at: s.hidden.at.toISOString(), reason: s.hidden.reason },
      history: s.history.map((v) => ({ version: v.version, postedAt: v.postedAt.toISOString() })),
    };
  }
  const { version: _version, postedAt: _postedAt, ...latest } = publicVersion(s.latest);
  return { id: s.id, isp: s.isp, ...latest, status: s.latest.status, text: s.latest.text, lang: s.latest.lang, postedAt: s.latest.postedAt.toISOString(), version: s.latest.version, history: s.history.map(publicVersion) };
}

import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

// An ISP's read-API token (db/isp-desk/tokens.ts). 256 random bits behind a
// `dwt_` mark, so a token pasted into a chat or a repository is recognisable
// for what it is (secret scanners look for such marks). The database keeps
// its SHA-256 only: a fast hash is enough for a random token (it is not a
// password), and one table leaked is no token leaked. The prefix — the mark
// and the first few characters — lets the desk tell tokens apart without
// keeping any of them.

const MARK = "dwt_";
/** The mark and 43 base64url characters (32 bytes). */
const SHAPE = /^dwt_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = MARK.length + 6;

/** A new token, shown to its owner once. */
export const newApiToken = () => `${MARK}${randomBytes(32).toString("base64url")}`;

/** What is stored instead of the token. */
export const hashApiToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** What the desk shows of a token: "dwt_AbCdEf…". */
export const tokenPrefix = (token: string) => token.slice(0, PREFIX_LENGTH);

/** A value that could be a token at all, checked before any database read. */
export const looksLikeApiToken = (value: string | undefined): value is string => typeof value === "string" && SHAPE.test(value);

/** The longest label a token may have: enough to say what uses it ("NOC dashboard, Karachi"). */
export const MAX_TOKEN_LABEL = 60;

/** A token's label: one line, 1–60 characters; a failure says which (required, label_long). */
export const tokenLabel = z
  .string({ error: "required" })
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(z.string().min(1, "required").max(MAX_TOKEN_LABEL, "label_long"));

// Why a webhook delivery got no answer, in words the desk can say in its
// reader's language. The attempt keeps what the network said
// (db/alerts/deliver.ts: Node's own message, or lib/alerts/safe-post.ts's);
// the desk shows the kind first and that message after it, as it is.

export const ATTEMPT_ERROR_KINDS = ["timeout", "dns", "refused", "reset", "tls", "private", "other"] as const;
export type AttemptErrorKind = (typeof ATTEMPT_ERROR_KINDS)[number];

const PATTERNS: [AttemptErrorKind, RegExp][] = [
  ["private", /private address/i],
  ["timeout", /^no answer in \d+ ms|ETIMEDOUT|timed out|timeout/i],
  ["dns", /ENOTFOUND|EAI_AGAIN|getaddrinfo/],
  ["refused", /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/],
  ["reset", /ECONNRESET|socket hang up|EPIPE/i],
  ["tls", /certificate|CERT_|SSL|TLS|altnames/i],
];

export function attemptErrorKind(error: string | null): AttemptErrorKind {
  if (!error) return "other";
  return PATTERNS.find(([, pattern]) => pattern.test(error))?.[0] ?? "other";
}

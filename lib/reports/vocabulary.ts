// The fixed lists of the report form and API. Names live in messages/*.json
// under "connection.*" and "problem.*" so both languages stay in one place.
export const CONNECTIONS = ["mobile", "fixed"] as const;
export type Connection = (typeof CONNECTIONS)[number];

// What people actually met in 2024, not only "down" (see API.md).
export const PROBLEMS = [
  "no_connection",
  "slow",
  "media_fails",
  "calls_fail",
  "vpn_blocked",
  "site_blocked",
  "other",
] as const;
export type Problem = (typeof PROBLEMS)[number];

// sms and whatsapp: reports sent as text messages through a gateway (docs/sms.md).
export const SOURCES = ["web", "api", "offline", "import", "sms", "whatsapp"] as const;
export type ReportSource = (typeof SOURCES)[number];

export const REPORT_STATUSES = ["counted", "duplicate", "rate_limited", "voided"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** How far back a report may say the disruption happened. */
export const MAX_REPORT_AGE_HOURS = 72;
/** Clock skew we forgive between a reporter's phone and the server. */
export const FUTURE_TOLERANCE_MS = 2 * 60 * 1000;
export const MAX_COMMENT_LENGTH = 500;
export const MAX_COMPLAINT_REF_LENGTH = 40;
export const MAX_SPEED_KBPS = 10_000_000;

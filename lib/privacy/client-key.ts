import { createHmac } from "node:crypto";

// The client key stands in for an address wherever we need to recognise a
// repeat reporter (rate limits, duplicates) and for nothing else. It is an
// HMAC with a secret of the day, the way Plausible Analytics does it: once the
// day's secret is destroyed (after 48 h), no one can link a key to an address.
export function clientKey(address: string, dailySecret: string): string {
  return createHmac("sha256", dailySecret).update(address).digest("hex").slice(0, 32);
}

/** UTC day used to pick the secret, as YYYY-MM-DD. */
export const utcDay = (now: Date) => now.toISOString().slice(0, 10);

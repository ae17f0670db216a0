import { createHmac, timingSafeEqual } from "node:crypto";

// The gateways' webhook signatures (docs/sms.md; the formats and test
// vectors are from each gateway's own code and docs). Each compares in
// constant time and answers false for anything malformed.

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A shared secret compared in constant time (WhatsApp's verify token). */
export const sameSecret = same;

/**
 * Twilio, X-Twilio-Signature: base64 HMAC-SHA1, keyed by the auth token,
 * over the full URL Twilio called followed by every POST parameter's name
 * and value, sorted by name (all of them: Twilio adds parameters without
 * notice). Checked with and without the default port, as Twilio's own
 * library does.
 */
export function verifyTwilio(authToken: string, signature: string | null, url: string, params: URLSearchParams): boolean {
  if (!signature) return false;
  const names = [...new Set(params.keys())].sort();
  let data = "";
  for (const name of names) for (const value of [...new Set(params.getAll(name))].sort()) data += name + value;
  return urlVariants(url).some((u) => same(createHmac("sha1", authToken).update(u + data, "utf8").digest("base64"), signature));
}

function urlVariants(url: string): string[] {
  try {
    const u = new URL(url);
    const port = u.protocol === "https:" ? "443" : "80";
    const withPort = `${u.protocol}//${u.username ? `${u.username}:${u.password}@` : ""}${u.hostname}:${u.port || port}${u.pathname}${u.search}`;
    const withoutPort = `${u.protocol}//${u.username ? `${u.username}:${u.password}@` : ""}${u.host.replace(/:(443|80)$/, "")}${u.pathname}${u.search}`;
    return [...new Set([url, withPort, withoutPort])];
  } catch {
    return [url];
  }
}

/** Meta (WhatsApp Cloud API), X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body, keyed by the app secret. */
export function verifyMeta(appSecret: string, header: string | null, rawBody: Buffer): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  return same(`sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`, header);
}

/** How far a signed timestamp may lie from now (the gateway's docs recommend 5 minutes). */
export const GATEWAY_CLOCK_SKEW_S = 300;

/**
 * The Android SMS gateway (capcom6), X-Signature: hex HMAC-SHA256 of the raw
 * body followed by X-Timestamp (Unix seconds), keyed by the signing key; a
 * timestamp more than 5 minutes away is refused (a replay).
 */
export function verifySmsGateway(secret: string, signature: string | null, timestamp: string | null, rawBody: Buffer, now: Date): boolean {
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > GATEWAY_CLOCK_SKEW_S) return false;
  const expected = createHmac("sha256", secret).update(Buffer.concat([rawBody, Buffer.from(timestamp, "utf8")])).digest("hex");
  return same(expected, signature.toLowerCase());
}

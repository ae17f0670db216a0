import { ApiError } from "@/lib/errors";

// What the three gateway routes share.

/** The largest webhook body a gateway sends (Meta batches events). */
export const MAX_INTAKE_BYTES = 64 * 1024;

/** A gateway that is off (its secret not configured) is not there. */
export const gatewayOff = () => new ApiError(404, "not_found", "This gateway is not configured on this server.");

/** A webhook whose signature does not verify: nothing is read from it. */
export const badSignature = () => new ApiError(403, "bad_signature", "The signature does not match this request.");

/**
 * The address the gateway called, for signatures that cover it: PUBLIC_URL
 * with the request's path and query (behind a proxy the server sees its own
 * host), else the request's own URL.
 */
export function calledUrl(request: Request, publicUrl: string | undefined): string {
  const u = new URL(request.url);
  return publicUrl ? `${publicUrl}${u.pathname}${u.search}` : u.toString();
}

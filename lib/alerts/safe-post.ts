import http from "node:http";
import https from "node:https";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isPrivateAddress, isPrivateHost } from "@/lib/alerts/private-address";

// A POST to an address someone else gave us (a webhook, a push endpoint)
// that cannot be turned against the server's own network: the address is
// checked where the connection is made (the lookup the socket uses), so a
// name that resolves to a public address for a check and to 127.0.0.1 for
// the connection gets nowhere. Redirects are not followed.

export class PrivateAddressError extends Error {}

export type PostResult = { status: number; retryAfterMs: number | null };

export function safePost(url: string, headers: Record<string, string>, body: Buffer | string, o: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  const target = new URL(url);
  if (!o.allowPrivate && isPrivateHost(target.hostname)) return Promise.reject(new PrivateAddressError("the host is a private address"));
  const lookup: typeof dnsLookup = ((hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) =>
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as LookupAddress[];
      if (!o.allowPrivate && list.some((a) => isPrivateAddress(a.address))) return callback(new PrivateAddressError("the host resolves to a private address"), "", 0);
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    })) as typeof dnsLookup;
  const send = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: "POST", headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) }, lookup, timeout: o.timeoutMs }, (res) => {
      res.resume();
      const seconds = Number(res.headers["retry-after"]);
      resolve({ status: res.statusCode ?? 0, retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null });
    });
    req.on("timeout", () => req.destroy(new Error(`no answer in ${o.timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

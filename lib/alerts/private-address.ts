import { BlockList, isIP } from "node:net";

// A webhook must not reach into the server's own network (SSRF): loopback,
// private, link-local, carrier-grade NAT and unspecified addresses are
// refused, for the URL's host as written and for every address it resolves
// to at delivery, unless WEBHOOK_ALLOW_PRIVATE is on (a test, a LAN).

const blocked = new BlockList();
for (const [net, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16]] as const) {
  blocked.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10]] as const) blocked.addSubnet(net, bits, "ipv6");

export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  return blocked.check(address, kind === 4 ? "ipv4" : "ipv6");
}

/** The host as written in a URL: "localhost", or a private address literal. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || isPrivateAddress(host);
}

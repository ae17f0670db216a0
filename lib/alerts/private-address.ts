import { BlockList, isIP } from "node:net";

// A webhook must not reach into the server's own network (SSRF): loopback,
// private, link-local, carrier-grade NAT and unspecified addresses are
// refused, for the URL's host as written and for every address it resolves
// to at delivery, unless WEBHOOK_ALLOW_PRIVATE is on (a test, a LAN).

const blocked = new BlockList();
// Everything that is not public unicast: this host, private and shared
// ranges, link-local, benchmarking, multicast and reserved; and the IPv6
// forms that embed an IPv4 address (NAT64, 6to4, IPv4-compatible).
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24],
  ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [["::", 96], ["::1", 128], ["64:ff9b::", 96], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) blocked.addSubnet(net, bits, "ipv6");

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

// Route handlers cannot see the socket. The server entry (server/main.ts)
// overwrites X-Forwarded-For with the peer address unless TRUST_PROXY=1, when
// a reverse proxy in front has appended the address it saw: we take the last
// entry, the one our proxy wrote, never one a client could have chosen.
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return "unknown";
  const parts = forwarded.split(",").map((p) => p.trim()).filter(Boolean);
  return parts[parts.length - 1] ?? "unknown";
}

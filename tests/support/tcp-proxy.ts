import net from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that a test can cut: `refuse` closes it
 * (new connections are refused, open ones dropped — the server is down),
 * `stall` keeps accepting but forwards nothing (a frozen host or a network
 * that drops packets), `restore` brings it back on the same port. Never the
 * shared server itself: other work uses it.
 */
export type TcpProxy = { port: number; refuse: () => Promise<void>; stall: () => void; restore: () => Promise<void>; close: () => Promise<void> };

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let mode: "open" | "stall" = "open";
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (mode === "stall") return; // accepted, never answered
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on("close", () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    client.on("data", (d) => {
      if (mode === "open") upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (mode === "open") client.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const stop = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  return {
    port,
    refuse: async () => {
      const closed = stop();
      dropAll();
      await closed;
    },
    stall: () => {
      mode = "stall";
    },
    restore: async () => {
      mode = "open";
      dropAll(); // stalled connections are useless; the pool opens new ones
      if (!server.listening) await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    close: async () => {
      const closed = stop();
      dropAll();
      await closed;
    },
  };
}

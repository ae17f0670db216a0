import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { requestListener } from "@/server/request-listener";

// The server entry's request path (server/request-listener.ts) in a process
// of its own, with a render that is slow on purpose: the shared read
// `/api/v1/meta` takes RENDER_MS (`?hang` once: never finishes), anything
// else answers at once. A test drives it over HTTP and sees a freeze as
// timeouts instead of freezing itself. Prints its port on stdout.

const RENDER_MS = Number(process.env.RENDER_MS ?? 1500);
const renders: Record<string, number> = {};
let hung = false;

async function render(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = req.url ?? "/";
  if (path === "/api/renders") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(renders));
    return;
  }
  renders[path] = (renders[path] ?? 0) + 1;
  if (path.startsWith("/api/v1/meta")) {
    if (path.includes("hang") && !hung) {
      hung = true;
      await new Promise(() => {}); // a render that never ends
    }
    await new Promise((r) => setTimeout(r, RENDER_MS));
  }
  res.statusCode = 200;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ path, render: renders[path] }));
}

const server = createServer(requestListener({ render, trustProxy: false, lastStorageFailure: () => 0 }));
server.listen(0, "127.0.0.1", () => console.log(String((server.address() as AddressInfo).port)));

import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "./fixtures";
import { ADMIN_PASSWORD, ADMIN_USERNAME, ISP_SLUG, ISP_USERNAME } from "./admin-account";

// The synthetic demo with its incidents, for the specs that need detected
// incidents (incidents.spec.ts, isp-desk.spec.ts): one server per worker,
// started once and shared, since the detection job's first run over the
// seeded fortnight takes minutes. On E2E_DEMO_PORT + 1. Before it starts,
// a moderator and a member of Jazz's staff are made with the real command
// (PGlite allows one process per folder); the demo then seeds the empty
// database on its first start.

export type DemoIncident = { id: number; status: string; end: string | null; primary: { kind: string; key: string }; scopes: { kind: string; key: string }[] };
export type Demo = { base: string; incidents: DemoIncident[] };

const PORT = Number(process.env.E2E_DEMO_PORT ?? 3199) + 1;

export const demoTest = test.extend<object, { demo: Demo }>({
  demo: [
    async ({}, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-incidents-"));
      const account = (args: string[]) =>
        execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/admin.ts", ...args], { env: { ...process.env, DATA_DIR: dir, DATABASE_URL: "" }, input: `${ADMIN_PASSWORD}\n`, stdio: ["pipe", "ignore", "inherit"] });
      account(["add", ADMIN_USERNAME]);
      account(["isp", "add", ISP_SLUG, ISP_USERNAME]);
      // The scheduler logs each job run as it ends (at debug level): the first
      // detection run — the fortnight's backfill, stored a day at a time — is
      // over when its line comes, and only then is the list whole.
      const app = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/main.ts", "--demo"], {
        env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), DEMO_DATA_DIR: dir, LOG_LEVEL: "debug" },
        stdio: ["ignore", "pipe", "ignore"],
      });
      let detected = false;
      let buffered = "";
      app.stdout!.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        if (lines.some((l) => l.includes('"job":"detect-incidents"') && l.includes('"ms"'))) detected = true;
      });
      const base = `http://localhost:${PORT}`;
      let incidents: DemoIncident[] = [];
      const deadline = Date.now() + 470_000;
      const from = new Date(Date.now() - 14 * 86_400_000).toISOString();
      while (Date.now() < deadline && !(detected && incidents.length > 0)) {
        if (detected) {
          try {
            const res = await fetch(`${base}/api/v1/incidents?from=${from}`);
            if (res.ok) incidents = (await res.json()) as DemoIncident[];
          } catch {
            // not answering yet
          }
        }
        if (!(detected && incidents.length > 0)) await new Promise((r) => setTimeout(r, 2000));
      }
      try {
        if (incidents.length === 0) throw new Error("the demo server found no incidents");
        await use({ base, incidents });
      } finally {
        if (app.exitCode === null) {
          await new Promise<void>((resolve) => {
            app.once("exit", () => resolve());
            app.kill("SIGTERM");
          });
        }
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 480_000 },
  ],
});

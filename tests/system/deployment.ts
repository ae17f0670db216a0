import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onCleanup } from "@/bench/cleanup";
import { sleep } from "@/bench/load";

// The deployment in deploy/, started on this machine as an operator would
// start it (npm run test:deploy checks it): the instances as the systemd
// unit starts them, with the environment file beside it, and nginx with the
// site file, changing only its listen port and cache folder.

const ROOT = process.cwd();
export const SITE = "deploy/nginx/disruption-watch.conf";
const UNIT = "deploy/systemd/disruption-watch@.service";
export const ENV_FILE = "deploy/env.example";

export type Instance = { port: number; stop: () => Promise<number | null>; log: () => string; exited: Promise<number | null>; rssMb: () => number };

export function findNginx(): string {
  for (const candidate of [process.env.NGINX, "/usr/sbin/nginx", "/usr/bin/nginx"]) if (candidate && fs.existsSync(candidate)) return candidate;
  const root = process.getuid?.() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (root && apt) {
    console.log("nginx is missing: installing Debian's (apt-get install nginx)…");
    const install = spawnSync("apt-get", ["install", "-y", "-q", "nginx"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (install.status === 0 && fs.existsSync("/usr/sbin/nginx")) return "/usr/sbin/nginx";
  }
  console.error("test:deploy needs nginx: install it (sudo apt-get install nginx) or set NGINX to its path.");
  process.exit(1);
}

export const nginxVersion = (nginx: string) => (spawnSync(nginx, ["-v"], { encoding: "utf8" }).stderr.match(/nginx\/(\S+)/)?.[1] ?? "?");

/** The instance ports, as the site's upstream block lists them. */
export function upstreamPorts(): number[] {
  const site = fs.readFileSync(path.join(ROOT, SITE), "utf8");
  const ports = [...site.matchAll(/^\s*server 127\.0\.0\.1:(\d+)/gm)].map((m) => Number(m[1]));
  if (ports.length < 2) throw new Error(`${SITE}: expected two or more "server 127.0.0.1:<port>" lines in its upstream`);
  return ports;
}

/** KEY=VALUE lines, as systemd reads an EnvironmentFile (comments and blank lines skipped). */
function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/^"(.*)"$/, "$1");
  }
  return env;
}

/** The unit's command and environment for instance `port` (%i). */
function unitFor(port: number, databaseUrl: string): { argv: string[]; env: Record<string, string> } {
  const unit = fs.readFileSync(path.join(ROOT, UNIT), "utf8");
  const lines = unit.split("\n").map((l) => l.trim());
  const exec = lines.find((l) => l.startsWith("ExecStart="));
  if (!exec) throw new Error(`${UNIT}: no ExecStart`);
  const argv = exec.slice("ExecStart=".length).split(/\s+/);
  // The unit names the system's node; this machine's may live elsewhere.
  if (path.basename(argv[0]!) === "node") argv[0] = process.execPath;
  const fromFile = parseEnv(fs.readFileSync(path.join(ROOT, ENV_FILE), "utf8"));
  const fromUnit = parseEnv(
    lines
      .filter((l) => l.startsWith("Environment="))
      .map((l) => l.slice("Environment=".length).replaceAll("%i", String(port)))
      .join("\n"),
  );
  if (!fromFile.DATABASE_URL) throw new Error(`${ENV_FILE}: no DATABASE_URL`);
  return { argv, env: { ...fromFile, DATABASE_URL: databaseUrl, ...fromUnit } };
}

export async function startInstance(port: number, databaseUrl: string): Promise<Instance> {
  const { argv, env } = unitFor(port, databaseUrl);
  // systemd gives a unit no environment but its own: so does this.
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: os.homedir(), ...env } as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = onCleanup(`instance ${port}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${port} exited early:\n${log}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`instance ${port} did not become healthy:\n${log}`);
    await sleep(100);
  }
  const rssMb = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024);
  return { port, log: () => log, exited, rssMb, stop: async () => (await stop(), await exited) };
}

export async function startNginx(nginx: string, port: number): Promise<{ url: string; accessLog: () => string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-deploy-"));
  fs.chmodSync(dir, 0o755);
  onCleanup("nginx's folder", () => fs.rmSync(dir, { recursive: true, force: true }));
  let site = fs.readFileSync(path.join(ROOT, SITE), "utf8");
  const replace = (from: string | RegExp, to: string) => {
    const next = site.replace(from, to);
    if (next === site) throw new Error(`${SITE}: expected ${String(from)} in it`);
    site = next;
  };
  replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${port};`);
  replace(/^\s*listen \[::\]:80;$/m, "");
  replace("/var/cache/nginx/disruption-watch", path.join(dir, "cache"));
  fs.writeFileSync(path.join(dir, "site.conf"), site);
  const root = process.getuid?.() === 0;
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `${root ? "user root;\n" : ""}daemon off;
worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
    log_format deploy '$remote_addr $request_method $uri $status $upstream_cache_status $upstream_addr';
    access_log ${dir}/access.log deploy;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/site.conf;
}
`,
  );
  const args = ["-p", dir, "-c", path.join(dir, "nginx.conf")];
  execFileSync(nginx, ["-t", "-q", ...args], { stdio: "inherit" });
  const child = spawn(nginx, args, { stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  onCleanup("nginx", async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGQUIT");
    await exited;
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 100) throw new Error("nginx did not answer");
    await sleep(100);
  }
  const accessLog = () => fs.readFileSync(path.join(dir, "access.log"), "utf8");
  return { url, accessLog };
}

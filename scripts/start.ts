import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// `npm start` on a fresh clone: build the production bundle once, then run
// the server entry. A build is redone only when the sources are newer than it.
const root = process.cwd();
const buildId = path.join(root, ".next/BUILD_ID");
const sourceDirs = ["app", "components", "db", "lib", "i18n", "messages", "reference", "public", "proxy.ts", "next.config.ts", "package.json"];

function newestSource(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(p).reduce((m, name) => Math.max(m, newestSource(path.join(p, name))), stat.mtimeMs);
}

const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const newest = Math.max(...sourceDirs.map((d) => newestSource(path.join(root, d))));
if (built < newest || process.argv.includes("--build")) {
  console.log("> Building the production bundle (first start or sources changed)…");
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
}

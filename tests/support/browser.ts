import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

// The browser the end-to-end tests and the browser benches drive, found in
// this order: CHROMIUM_PATH, Playwright's own Chromium (`npx playwright
// install chromium`), then a Chromium on the PATH (Debian's `chromium`, say).
// `executablePath` undefined means Playwright's own.
export type BrowserChoice = { executablePath: string | undefined; source: string };

const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];

export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserChoice | null {
  if (env.CHROMIUM_PATH) return fs.existsSync(env.CHROMIUM_PATH) ? { executablePath: env.CHROMIUM_PATH, source: "CHROMIUM_PATH" } : null;
  if (fs.existsSync(chromium.executablePath())) return { executablePath: undefined, source: "Playwright's Chromium" };
  const onPath = onSearchPath(SYSTEM_NAMES, env.PATH ?? "");
  return onPath ? { executablePath: onPath, source: onPath } : null;
}

function onSearchPath(names: string[], searchPath: string): string | null {
  for (const name of names) {
    for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Chromium's flags for a machine without a network or a desktop: as root it needs --no-sandbox. */
export const BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

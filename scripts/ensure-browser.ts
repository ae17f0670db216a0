// The first step of `npm test` and `npm run test:e2e`: a browser for the
// end-to-end tests, found or installed. Found: CHROMIUM_PATH, Playwright's own
// Chromium, a Chromium on the PATH (tests/support/browser.ts). Otherwise it
// downloads Playwright's; where that is impossible (no internet, say) it
// installs the system's package when allowed to (root, or sudo without a
// password); otherwise it stops with one line naming the command to run.
import { spawnSync } from "node:child_process";
import { findBrowser } from "../tests/support/browser";

/** Runs a command; its output is shown only when it fails: its first error line, else its last line. */
function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (result.status === 0) return true;
  const lines = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n");
  const reason = lines.find((line) => /error/i.test(line)) ?? lines.at(-1) ?? "";
  console.log(`  ${[command, ...args].join(" ")} failed${reason ? `: ${reason.trim()}` : ""}`);
  return false;
}

function commandExists(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** How to run a system package manager here, or null when this user may not. */
function privileged(): string[] | null {
  if (process.getuid?.() === 0) return [];
  const sudo = commandExists("sudo") && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
  return sudo ? ["sudo", "-n"] : null;
}

// Chromium and fonts that cover Urdu, for each package manager: each attempt
// a list of commands that must all succeed (apt-get: without an update first,
// quick when the lists are fresh, then with one).
const APT_INSTALL = ["apt-get", "install", "-y", "-q", "chromium", "fonts-noto-core"];
const SYSTEM_PACKAGES: { manager: string; attempts: string[][][] }[] = [
  { manager: "apt-get", attempts: [[APT_INSTALL], [["apt-get", "update", "-q"], APT_INSTALL]] },
  { manager: "dnf", attempts: [[["dnf", "install", "-y", "-q", "chromium", "google-noto-naskh-arabic-fonts"]]] },
  { manager: "apk", attempts: [[["apk", "add", "-q", "chromium", "font-noto-arabic"]]] },
];

function installSystemChromium(): boolean {
  const prefix = privileged();
  const system = SYSTEM_PACKAGES.find((candidate) => commandExists(candidate.manager));
  if (!prefix || !system) return false;
  console.log(`Installing the system's Chromium with ${system.manager} …`);
  return system.attempts.some((commands) =>
    commands.every((step) => {
      const [command = "", ...args] = [...prefix, ...step];
      return run(command, args);
    }),
  );
}

function main(): number {
  const found = findBrowser();
  if (found) return 0;
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH is ${process.env.CHROMIUM_PATH}, which does not exist: unset it or point it at a Chromium.`);
    return 1;
  }
  console.log("No browser for the end-to-end tests: downloading Playwright's Chromium …");
  if (run("npx", ["--no-install", "playwright", "install", "chromium"]) && findBrowser()) return 0;
  console.log("Playwright's download failed.");
  if (installSystemChromium() && findBrowser()) {
    console.log(`End-to-end tests will use ${findBrowser()?.source}.`);
    return 0;
  }
  console.error(
    "No browser for the end-to-end tests: run `npx playwright install chromium` (needs the internet) or `sudo apt-get install chromium fonts-noto-core`, then `npm test` again.",
  );
  return 1;
}

process.exitCode = main();

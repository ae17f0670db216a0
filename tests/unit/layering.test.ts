import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// lib/ is pure: it imports nothing from the database, the components or the
// app (../shared/ARCHITECTURE.md). Each import of those from lib/ is listed.
const LIB = path.resolve(__dirname, "../../lib");
const FORBIDDEN = /from\s+["']@\/(db|components|app|server)\//;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.(ts|tsx)$/.test(entry.name) ? [file] : [];
  });
}

describe("layering", () => {
  it("lib/ imports nothing from db/, components/, app/ or server/", () => {
    const files = sources(LIB);
    expect(files.length).toBeGreaterThan(50);
    const breaks = files.flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => FORBIDDEN.test(line))
        .map((line) => `${path.relative(LIB, file)}: ${line.trim()}`),
    );
    expect(breaks).toEqual([]);
  });
});

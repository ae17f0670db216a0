import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as staticInfo from "next/dist/build/analysis/get-page-static-info";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { BADGE_POLICY, EMBED_POLICY, headerRules } from "@/lib/http/hardening-headers";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

// Only the embeds may be framed (issue #17): every other route of the app —
// found on disk, so a route added later is covered too — keeps X-Frame-
// Options: DENY, and every page keeps frame-ancestors 'none'. The header
// rules and the proxy's matcher are matched the way Next matches them: its
// own path matcher, its own compilation of the matcher (which it reads from
// proxy.ts's text, as here: the value must be a literal).

const ROOT = path.resolve(__dirname, "../..");
const SAMPLE: Record<string, string> = { slug: "whatsapp", id: "12", kind: "service", file: "whatsapp.svg", locale: "en" };

/** Every page and route handler under app/, as URL paths (a [locale] page in both languages). */
function appPaths(dir = path.join(ROOT, "app"), base = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isFile()) return /^(page\.tsx|route\.ts)$/.test(entry.name) ? [base || "/"] : [];
    if (!entry.isDirectory()) return [];
    const sub = path.join(dir, entry.name);
    if (/^\(.*\)$/.test(entry.name)) return appPaths(sub, base);
    if (entry.name === "[locale]" && base === "") return [...appPaths(sub, ""), ...appPaths(sub, "/ur")];
    const param = /^\[(\w+)\]$/.exec(entry.name)?.[1];
    return appPaths(sub, `${base}/${param ? (SAMPLE[param] ?? "x") : entry.name}`);
  });
}

const rules = headerRules().map((r) => ({ ...r, match: getPathMatch(r.source, { strict: true, removeUnnamedParams: true, sensitive: false }) }));
/** The headers next.config.ts gives a path, later rules over earlier ones. */
const configHeaders = (p: string) =>
  Object.fromEntries(rules.filter((r) => r.match(p) !== false).flatMap((r) => r.headers.map((h) => [h.key.toLowerCase(), h.value] as const)));

// Exported by the module but left out of its type declarations.
const { getMiddlewareMatchers } = staticInfo as unknown as { getMiddlewareMatchers: (matcher: string, config: object) => staticInfo.ProxyMatcher[] };
const matcher = JSON.parse(/matcher:\s*("(?:[^"\\]|\\.)*")/.exec(fs.readFileSync(path.join(ROOT, "proxy.ts"), "utf8"))![1]!) as string;
const proxied = new RegExp(getMiddlewareMatchers(matcher, {})[0]!.regexp);
const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `));

describe("who may frame the app", () => {
  const paths = appPaths();
  const embeds = paths.filter((p) => p.startsWith("/embed/"));

  it("finds the app's routes, the embed among them", () => {
    expect(paths.length).toBeGreaterThan(40);
    expect(paths).toEqual(expect.arrayContaining(["/", "/ur", "/ur/service/whatsapp", "/api/v1/meta", "/feed.xml", "/badge/service/whatsapp.svg", "/oembed"]));
    expect(embeds).toEqual(["/embed/service/whatsapp"]);
  });

  it("denies every other route to frames, and gives every page frame-ancestors 'none'", () => {
    for (const p of paths.filter((x) => !x.startsWith("/embed/"))) {
      expect(configHeaders(p)["x-frame-options"], p).toBe("DENY");
      // Pages: the proxy's nonce policy; the API: the deny-all policy of next.config.ts.
      const policy = proxied.test(p) ? contentSecurityPolicy({ nonce: "n", https: false }) : configHeaders(p)["content-security-policy"];
      if (proxied.test(p) || p.startsWith("/api/")) expect(directive(policy ?? "", "frame-ancestors"), p).toBe("frame-ancestors 'none'");
    }
    expect(directive(BADGE_POLICY, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("lets any site frame an embed, which runs nothing", () => {
    for (const p of [...embeds, "/embed/area/lahore", "/embed/isp/zong?lang=ur"]) {
      expect(configHeaders(p.split("?")[0]!)["x-frame-options"], p).toBeUndefined();
      // Outside the language routing and its page policy: the route sets its own.
      expect(proxied.test(p.split("?")[0]!), p).toBe(false);
    }
    expect(directive(EMBED_POLICY, "frame-ancestors")).toBe("frame-ancestors *");
    expect(directive(EMBED_POLICY, "default-src")).toBe("default-src 'none'");
    expect(EMBED_POLICY).not.toContain("script-src");
  });

  it("keeps the exception to /embed/ itself", () => {
    for (const p of ["/embedded", "/ur/embed/service/whatsapp", "/api/embed/x", "/oembed"]) expect(configHeaders(p)["x-frame-options"], p).toBe("DENY");
  });
});

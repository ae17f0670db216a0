import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SW_REGISTER_SCRIPT } from "@/lib/http/sw-register";
import { contentSecurityPolicy, newNonce, tileOrigin } from "@/lib/http/security-headers";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `));

describe("the Content-Security-Policy", () => {
  it("lets scripts run only with this request's nonce, or the light page's line by its hash", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123", https: false });
    const hash = createHash("sha256").update(SW_REGISTER_SCRIPT).digest("base64");
    expect(directive(policy, "script-src")).toBe(`script-src 'self' 'nonce-abc123' 'strict-dynamic' 'sha256-${hash}'`);
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("asks for https upgrades only over https, and allows eval only in development", () => {
    expect(contentSecurityPolicy({ nonce: "n", https: true })).toContain("upgrade-insecure-requests");
    expect(directive(contentSecurityPolicy({ nonce: "n", https: false, dev: true }), "script-src")).toContain("'unsafe-eval'");
  });

  it("lets map tiles load from the configured tile server only", () => {
    expect(directive(contentSecurityPolicy({ nonce: "n", https: false, tileOrigin: "https://*.tile.example.org" }), "img-src")).toBe(
      "img-src 'self' data: blob: https://*.tile.example.org",
    );
    expect(tileOrigin("https://{s}.tile.example.org/{z}/{x}/{y}.png")).toBe("https://*.tile.example.org");
    expect(tileOrigin("https://tiles.example.org:8443/{z}/{x}/{y}.png")).toBe("https://tiles.example.org:8443");
    expect(tileOrigin("/tiles/{z}/{x}/{y}.png")).toBeUndefined();
    expect(tileOrigin(undefined)).toBeUndefined();
  });

  it("makes a different nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

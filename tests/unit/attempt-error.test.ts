import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ur from "@/messages/ur.json";
import { ATTEMPT_ERROR_KINDS, attemptErrorKind } from "@/lib/isp-desk/attempt-error";

// The messages are those Node.js and lib/alerts/safe-post.ts give, as a
// delivery attempt stores them.
describe("why a webhook delivery got no answer", () => {
  it.each([
    ["no answer in 10000 ms", "timeout"],
    ["connect ETIMEDOUT 203.0.113.9:443", "timeout"],
    ["getaddrinfo ENOTFOUND hooks.example.net", "dns"],
    ["getaddrinfo EAI_AGAIN hooks.example.net", "dns"],
    ["connect ECONNREFUSED 203.0.113.9:443", "refused"],
    ["connect EHOSTUNREACH 203.0.113.9:443", "refused"],
    ["read ECONNRESET", "reset"],
    ["socket hang up", "reset"],
    ["certificate has expired", "tls"],
    ["self-signed certificate", "tls"],
    ["Hostname/IP does not match certificate's altnames: Host: a.example. is not in the cert's altnames: DNS:b.example", "tls"],
    ["the host is a private address", "private"],
    ["the host resolves to a private address", "private"],
    ["something else entirely", "other"],
  ] as const)("%s: %s", (message, kind) => {
    expect(attemptErrorKind(message)).toBe(kind);
  });

  it("says nothing it cannot name when the attempt kept no message", () => {
    expect(attemptErrorKind(null)).toBe("other");
  });

  it("has words for every kind in English and Urdu", () => {
    for (const messages of [en, ur]) {
      const reasons = messages.IspDeskApi.webhooks.attemptErrors as Record<string, string>;
      expect(Object.keys(reasons).sort()).toEqual([...ATTEMPT_ERROR_KINDS].sort());
      for (const text of Object.values(reasons)) expect(text.trim()).not.toBe("");
    }
  });
});

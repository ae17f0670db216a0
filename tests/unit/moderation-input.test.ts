import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/moderation/cursor";
import { fieldErrors, reviewInput, voidInput } from "@/lib/moderation/moderation-input";
import { parseReportSearch } from "@/lib/moderation/report-search-params";
import { currentHref, returnHref } from "@/lib/moderation/return-to";
import { accountIdOf, actorOf } from "@/lib/moderation/vocabulary";

describe("moderation forms", () => {
  it("names the failing field", () => {
    const bad = voidInput.safeParse({ reportId: "12", reason: "  no " });
    expect(bad.success).toBe(false);
    expect(fieldErrors(bad.error!)).toEqual({ reason: "reason_short" });
    expect(fieldErrors(voidInput.safeParse({ reportId: "x", reason: "spam from a bot" }).error!)).toEqual({ reportId: "invalid" });
    expect(fieldErrors(reviewInput.safeParse({ reportId: "3", state: "deleted" }).error!)).toEqual({ state: "invalid" });
  });

  it("keeps a reason on one line", () => {
    expect(voidInput.parse({ reportId: "7", reason: "test\r\nreport  from the team" }).reason).toBe("test report from the team");
    expect(voidInput.safeParse({ reportId: "7", reason: "x".repeat(501) }).success).toBe(false);
  });

  it("sends a moderator back only to an admin page of this site", () => {
    expect(returnHref("/admin?state=hidden&cursor=123-4&evil=1", { notice: "published", report: 9 })).toEqual({
      pathname: "/admin",
      query: { state: "hidden", cursor: "123-4", notice: "published", report: "9" },
    });
    expect(returnHref("/admin/reports?id=9&area=sindh", { notice: "voided", report: 9 }).pathname).toBe("/admin/reports");
    for (const forged of ["https://evil.example/admin", "//evil.example/admin", "/admin/../report", "/api/v1/export", "javascript:alert(1)", 42, null]) {
      expect(returnHref(forged, { notice: "hidden" })).toEqual({ pathname: "/admin", query: { notice: "hidden" } });
    }
    expect(currentHref("/admin", { state: "published", notice: "x", cursor: ["1-2", "3-4"] })).toBe("/admin?state=published&cursor=1-2");
  });

  it("pages by cursors of microseconds and id, and ignores anything else", () => {
    expect(decodeCursor(encodeCursor({ micros: "1764000000123456", id: 42 }))).toEqual({ micros: "1764000000123456", id: 42 });
    for (const bad of ["", "1-", "-1", "1.5-2", "1-2;drop", undefined]) expect(decodeCursor(bad)).toBeUndefined();
  });

  it("names moderators by account number in the public record", () => {
    expect(actorOf(3)).toBe("moderator-3");
    expect(accountIdOf("moderator-3")).toBe(3);
    expect(accountIdOf("command-line")).toBeUndefined();
  });
});

describe("report search", () => {
  const now = new Date("2026-03-02T12:00:00Z");

  it("reads a report number, a window and filters, naming a bad value and keeping the rest", () => {
    const { search, errors } = parseReportSearch({ id: "#42", area: "sindh", status: "voided" }, "Asia/Karachi", now);
    expect(errors).toEqual({});
    expect(search).toMatchObject({ id: 42, window: "24h", area: "sindh", status: "voided" });
    expect(search.to).toEqual(now);
    const bad = parseReportSearch({ id: "forty", isp: "nope", service: "whatsapp", window: "7d" }, "Asia/Karachi", now);
    expect(bad.errors).toEqual({ id: "invalid", isp: "unknown_value" });
    expect(bad.search).toMatchObject({ id: undefined, isp: undefined, service: "whatsapp", window: "7d" });
    expect(bad.search.from).toEqual(new Date(now.getTime() - 7 * 86_400_000));
  });

  it("reads a custom range in the display time zone, at most 31 days", () => {
    const ok = parseReportSearch({ window: "custom", fromLocal: "2026-03-01T10:00", toLocal: "2026-03-01T12:00" }, "Asia/Karachi", now);
    expect(ok.errors).toEqual({});
    expect(ok.search.from.toISOString()).toBe("2026-03-01T05:00:00.000Z");
    expect(parseReportSearch({ window: "custom", fromLocal: "2026-03-01T12:00", toLocal: "2026-03-01T10:00" }, "UTC", now).errors).toEqual({ fromLocal: "from_after_to" });
    expect(parseReportSearch({ window: "custom", fromLocal: "2026-01-01T12:00" }, "UTC", now).errors).toEqual({ fromLocal: "window_too_long" });
  });
});

import { describe, expect, it } from "vitest";
import { afterAnswer, expired, newQueuedReport, waiting, type QueuedReport } from "@/lib/reports/offline-queue";
import { reportBodyFromForm } from "@/lib/reports/form-body";

const MADE = new Date("2024-11-21T12:00:00.000Z");
const LATER = new Date("2024-11-21T14:30:00.000Z");

function queued(id: string, madeAt = MADE): QueuedReport {
  const body = reportBodyFromForm(
    { isp: "zong", connection: "mobile", service: "whatsapp", problem: "slow", when: "30", clientReportId: id },
    "karachi-south",
    madeAt,
  );
  return newQueuedReport(body, { place: "Karachi", service: "WhatsApp" }, madeAt);
}

describe("offline queue", () => {
  it("fixes observedAt at the moment the report was made, not when it is sent", () => {
    const entry = queued("6f1c3a52-8d0e-4c57-9a43-0b6f4f1f2a10");
    expect(entry.body.observedAt).toBe("2024-11-21T11:30:00.000Z");
    expect(entry.madeAt).toBe(MADE.toISOString());
    expect(entry.clientReportId).toBe("6f1c3a52-8d0e-4c57-9a43-0b6f4f1f2a10");
    expect(entry.status).toBe("queued");
  });

  it("marks a report sent on 201 and on a 200 replay, keeping the stored id", () => {
    const entry = queued("a");
    expect(afterAnswer(entry, 201, { id: 42, replayed: false }, LATER)).toMatchObject({ status: "sent", reportId: 42, attempts: 1, sentAt: LATER.toISOString() });
    expect(afterAnswer(entry, 200, { id: 42, replayed: true }, LATER)).toMatchObject({ status: "sent", reportId: 42 });
  });

  it("stops waiting when the server refuses the report, and says why", () => {
    const refused = afterAnswer(queued("a"), 400, { error: { code: "too_old", field: "observedAt" } }, LATER);
    expect(refused).toMatchObject({ status: "rejected", error: "too_old" });
  });

  it("keeps waiting after a rate limit, a timeout or an unavailable database", () => {
    for (const status of [429, 408, 500, 503]) {
      expect(afterAnswer(queued("a"), status, null, LATER)).toMatchObject({ status: "queued", attempts: 1 });
    }
  });

  it("sends waiting reports oldest first and skips those already sent", () => {
    const first = queued("first", new Date("2024-11-21T10:00:00.000Z"));
    const second = queued("second", new Date("2024-11-21T11:00:00.000Z"));
    const sent = afterAnswer(queued("sent"), 201, { id: 1 }, LATER);
    expect(waiting([second, sent, first]).map((e) => e.clientReportId)).toEqual(["first", "second"]);
  });

  it("forgets sent reports after a week but never a waiting one", () => {
    const sent = afterAnswer(queued("sent"), 201, { id: 1 }, LATER);
    const old = queued("old", new Date("2024-11-01T00:00:00.000Z"));
    const weekLater = new Date(LATER.getTime() + 8 * 24 * 3600_000);
    expect(expired([sent, old], weekLater)).toEqual(["sent"]);
    expect(expired([sent, old], LATER)).toEqual([]);
  });
});
